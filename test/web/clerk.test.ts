import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { setDependencies } from '../../functions/shared/dependencies';
import { jiaxingPolicy } from '../support/fixtures';
import { receiptFixture, visitOfReceipt } from '../support/receipt-fixtures';
import { claimRequestFor } from '../workflows/support';
import { phoneScreenshot, poll, screenshot, signIn, useWebHarness, PHONE } from './support';

const REGION = '330400';

interface ClaimBody {
  status: string;
  waitingFor?: string;
  pendingCheck?: { makerId: string };
  decision?: { decision: string; clerkId?: string; checkedBy?: string };
  adjustments?: { seq: number; allowedFen: number; reason: string }[];
}

interface EobBody {
  lines: { seq: number; name: string; submittedFen: number; benefitFen: number }[];
  totals: { benefitFen: number };
}

/** 12345 fen → "123.45", as a clerk types an amount. */
const typed = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const kpi = (page: Page, name: string) => page.locator(`[data-kpi="${name}"] dd`).textContent();

describe('web pages: clerks work a review case with maker-checker; the supervisor dashboard follows', () => {
  const web = useWebHarness();

  beforeAll(() => {
    // Benefits above 1,000.00 yuan wait for a clerk, and a clerk's approval above 1,000.00 yuan
    // needs a second clerk: an inpatient stay needs both.
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([
        compilePolicy({ ...base, review: { benefitAboveFen: 100_000, secondClerkAboveFen: 100_000 } }),
      ]),
    });
  });

  /** An inpatient claim filed through the API, waiting for a clerk. */
  async function reviewCase(): Promise<{
    claimId: string;
    citizen: string;
    patient: { idNumber: string; name: string };
  }> {
    const { rt } = web;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const citizen = await web.citizenToken(visit.patient.idNumber);
    const filed = await web.call<{ claimId: string }>('POST', '/claims', citizen, claimRequestFor(visit));
    expect(filed.status).toBe(202);
    const { claimId } = filed.body;
    await poll(
      async () => (await web.call<ClaimBody>('GET', `/claims/${claimId}`, citizen)).body.waitingFor,
      {
        timeout: 20_000,
        interval: 100,
      },
    ).toBe('clerk');
    return { claimId, citizen, patient: visit.patient };
  }

  it('a clerk takes the case, adjusts a line and approves; a second clerk checks it; the dashboard counts change live', async () => {
    // The supervisor watches the dashboard while it happens.
    const boardContext = await web.context();
    const board = await boardContext.newPage();
    await signIn(board, { role: 'supervisor', sub: 'supervisor-01', region: REGION }, web);
    await poll(() => board.getByRole('heading', { level: 1 }).textContent()).toBe(`服务监控 · ${REGION}`);
    await poll(() => board.getByText('没有超时升级的案件。').count()).toBe(1);
    const totalBefore = Number(await kpi(board, 'total'));
    const queueBefore = Number(await kpi(board, 'queue'));

    const { claimId, citizen } = await reviewCase();
    // Without a reload: the page refreshes itself.
    await poll(() => kpi(board, 'total'), { timeout: 12_000 }).toBe(String(totalBefore + 1));
    await poll(() => kpi(board, 'queue'), { timeout: 12_000 }).toBe(String(queueBefore + 1));

    // Clerk 1: the queue shows the case with its SLA state and why it is there.
    const makerContext = await web.context();
    const maker = await makerContext.newPage();
    await signIn(maker, { role: 'clerk', sub: 'clerk-jx-01', region: REGION }, web);
    const row = maker.locator(`tr[data-claim-id="${claimId}"]`);
    await poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-sla]').getAttribute('data-sla')).toBe('ok');
    expect(await row.locator('td').nth(2).textContent()).not.toBe('—');
    await screenshot(maker, 'clerk-queue');
    await phoneScreenshot(web, maker, 'clerk-queue', async (p) => {
      await poll(() => p.locator(`tr[data-claim-id="${claimId}"]`).count()).toBe(1);
    });

    await row.getByRole('link', { name: claimId }).click();
    await maker.getByRole('button', { name: '领取案件' }).click();
    await poll(() => maker.getByTestId('assignee').textContent()).toBe('由 clerk-jx-01 办理');

    // Adjust the line the fund pays most for down by 10.00 yuan, with a reason, and approve as adjusted.
    const eob = (await web.call<EobBody>('GET', `/claims/${claimId}/eob`, citizen)).body;
    const line = [...eob.lines].sort((a, b) => b.benefitFen - a.benefitFen)[0]!;
    const allowedFen = line.submittedFen - 1000;
    const lineRow = maker.locator(`form tr[data-line="${line.seq}"]`);
    await lineRow.getByRole('textbox', { name: /核定金额/ }).fill(typed(allowedFen));
    await lineRow.getByRole('textbox', { name: /调整理由/ }).fill('超出本地区限价');
    await poll(() => lineRow.getAttribute('class')).toBe('changed');
    await screenshot(maker, 'clerk-case');
    await maker.getByRole('button', { name: '按调整批准' }).click();
    await poll(() => maker.getByTestId('case-message').textContent()).toContain('需另一位经办人复核');
    // The maker cannot check their own decision: the page says so and offers no buttons.
    await poll(() => maker.getByTestId('check-panel').textContent()).toContain('不能复核自己的决定');
    expect(await maker.getByRole('button', { name: '复核通过' }).count()).toBe(0);
    const proposed = (
      await web.call<ClaimBody>('GET', `/claims/${claimId}`, await web.staffToken('clerk', 'x'))
    ).body;
    expect(proposed.pendingCheck?.makerId).toBe('clerk-jx-01');
    expect(proposed.status).toBe('IN_REVIEW');

    // Clerk 2 checks it.
    const checkerContext = await web.context();
    const checker = await checkerContext.newPage();
    await signIn(checker, { role: 'clerk', sub: 'clerk-jx-02', region: REGION }, web);
    await poll(() => checker.locator(`tr[data-claim-id="${claimId}"]`).textContent()).toContain('待复核');
    await checker.goto(`/#/clerk/cases/${claimId}`);
    await poll(() => checker.getByTestId('check-panel').textContent()).toContain('由 clerk-jx-01 提交');
    await phoneScreenshot(web, checker, 'clerk-case', async (p) => {
      await poll(() => p.getByTestId('check-panel').count()).toBe(1);
    });
    await checker.getByRole('button', { name: '复核通过' }).click();
    await poll(() => checker.getByTestId('case-message').textContent()).toBe('已提交复核意见。');

    // Paid as adjusted: the line allows 10.00 yuan less, and the decision names both clerks.
    await poll(async () => (await web.call<ClaimBody>('GET', `/claims/${claimId}`, citizen)).body.status, {
      timeout: 20_000,
      interval: 100,
    }).toBe('PAID');
    const staffView = (
      await web.call<ClaimBody>('GET', `/claims/${claimId}`, await web.staffToken('clerk', 'x'))
    ).body;
    expect(staffView.decision).toMatchObject({
      decision: 'adjust',
      clerkId: 'clerk-jx-01',
      checkedBy: 'clerk-jx-02',
    });
    expect(staffView.adjustments).toEqual([{ seq: line.seq, allowedFen, reason: '超出本地区限价' }]);
    const paid = (await web.call<EobBody>('GET', `/claims/${claimId}/eob`, citizen)).body;
    expect(paid.lines.find((l) => l.seq === line.seq)!.benefitFen).toBeLessThan(line.benefitFen);

    // The checker's page shows the case paid, with its history.
    await checker.reload();
    await poll(() => checker.locator('[data-status]').first().getAttribute('data-status')).toBe('PAID');
    expect(await checker.getByTestId('history-verified').textContent()).toContain('记录链校验通过');

    // The dashboard: one more paid, the queue back to where it was, the payout counted.
    await poll(() => kpi(board, 'queue'), { timeout: 12_000 }).toBe(String(queueBefore));
    const paidRow = board.locator('table.status-table tr[data-status="PAID"] td');
    await poll(() => paidRow.textContent(), { timeout: 12_000 }).not.toBeNull();
    expect(await kpi(board, 'payouts')).not.toBe('¥0.00');
    expect(await kpi(board, 'auto-share')).toMatch(/^\d+%$/);
    await screenshot(board, 'dashboard');
    const phone = await web.context(PHONE);
    const small = await phone.newPage();
    await signIn(small, { role: 'supervisor', sub: 'supervisor-01', region: REGION }, web);
    await poll(() => kpi(small, 'total')).toBe(String(totalBefore + 1));
    await screenshot(small, 'dashboard');

    for (const c of [boardContext, makerContext, checkerContext, phone]) await c.close();
  }, 90_000);

  it('a clerk reads a receipt photo beside the fields read from it and the e-bill', async () => {
    // A claim paid on a receipt photo whose QR code named its e-bill.
    const fixture = receiptFixture('national-clean-1');
    web.rt.hospitals.simulator.issue(fixture.ebill);
    const citizen = await web.citizenToken(fixture.patient.idNumber);
    const upload = await fetch(`${web.url}/receipt-images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${citizen}`, 'content-type': 'image/png' },
      body: fixture.png,
    });
    const { imageId } = (await upload.json()) as { imageId: string };
    const request = claimRequestFor(visitOfReceipt(fixture));
    const filed = await web.call<{ claimId: string }>('POST', '/claims', citizen, {
      ...request,
      receiptImages: [{ imageId }],
    });
    expect(filed.status).toBe(202);
    const { claimId } = filed.body;
    await poll(async () => (await web.call<ClaimBody>('GET', `/claims/${claimId}`, citizen)).body.status, {
      timeout: 30_000,
    }).toBe('PAID');

    const context = await web.context();
    const page = await context.newPage();
    await signIn(page, { role: 'clerk', sub: 'clerk-jx-01', region: REGION }, web);
    await page.goto(`/#/clerk/cases/${claimId}`);
    const receipt = page.locator('[data-receipt-id="R1"]');
    // The photo itself, decoded by the browser from the bytes the API returned.
    const naturalWidth = `document.querySelector('[data-receipt-id="R1"] img')?.naturalWidth ?? 0`;
    expect(await receipt.getByRole('img', { name: '票据照片 R1' }).count()).toBeLessThanOrEqual(1);
    await poll(() => page.evaluate(naturalWidth)).toBeGreaterThan(100);
    expect(await receipt.getByRole('img', { name: '票据照片 R1' }).count()).toBe(1);
    const total = receipt.locator('tr[data-field="totalAmtFen"]');
    const amount = `¥${Math.floor(fixture.ebill.totalAmtFen / 100)}.${String(fixture.ebill.totalAmtFen % 100).padStart(2, '0')}`;
    await poll(() => total.locator('td').allTextContents()).toEqual([amount, '1.00', amount]);
    expect(await receipt.locator('tr[data-field="billNo"] td').allTextContents()).toEqual([
      fixture.ebill.billNo,
      '1.00',
      fixture.ebill.billNo,
    ]);
    // Matched: nothing flagged.
    expect(await receipt.locator('tr.flag').count()).toBe(0);
    expect(await receipt.locator('figcaption').textContent()).toContain('matched');
    await screenshot(page, 'clerk-receipt');
    await phoneScreenshot(web, page, 'clerk-receipt', async (p) => {
      await poll(() => p.evaluate(naturalWidth)).toBeGreaterThan(100);
    });
    await context.close();
  });

  it('a clerk asks the citizen for information, the citizen answers on the claim page; rejected, the citizen appeals', async () => {
    const { claimId, citizen, patient } = await reviewCase();
    const clerkContext = await web.context();
    const clerk = await clerkContext.newPage();
    await signIn(clerk, { role: 'clerk', sub: 'clerk-jx-03', region: REGION }, web);
    await clerk.goto(`/#/clerk/cases/${claimId}`);
    await clerk.getByRole('button', { name: '领取案件' }).click();
    await clerk.getByRole('radio', { name: '要求补充材料' }).check();
    await clerk.getByLabel('需要补充的内容').fill('请补充出院小结的第二页');
    await clerk.getByRole('button', { name: '要求补充材料' }).click();
    await poll(() => clerk.getByTestId('case-message').textContent()).toContain('request_info');
    await poll(
      async () => (await web.call<ClaimBody>('GET', `/claims/${claimId}`, citizen)).body.status,
    ).toBe('WAITING_FOR_INFO');

    // The citizen sees the question on the claim page and answers it.
    const citizenContext = await web.context();
    const page = await citizenContext.newPage();
    await signIn(page, { role: 'citizen', idNumber: patient.idNumber, name: patient.name }, web);
    await page.goto(`/#/claims/${claimId}`);
    await poll(() => page.locator('blockquote').textContent()).toBe('请补充出院小结的第二页');
    await page.getByLabel('您的答复').fill('第二页已由医院补开，见附件说明');
    await page.getByRole('button', { name: '提交答复' }).click();
    await poll(() => page.getByRole('status').allTextContents()).toContainEqual(
      '已提交答复，等待经办人处理。',
    );
    await poll(
      async () => (await web.call<ClaimBody>('GET', `/claims/${claimId}`, citizen)).body.waitingFor,
      {
        timeout: 20_000,
      },
    ).toBe('clerk');

    // The clerk sees the answer in the history and rejects, with a reason the citizen reads.
    await clerk.reload();
    if ((await clerk.getByRole('button', { name: '领取案件' }).count()) > 0) {
      await clerk.getByRole('button', { name: '领取案件' }).click();
    }
    await clerk.getByRole('radio', { name: '不予报销' }).check();
    await clerk.getByLabel('不予报销原因').selectOption('DOCUMENTS_INCOMPLETE');
    await clerk.getByLabel('说明').fill('出院小结仍不完整');
    await clerk.getByRole('button', { name: '不予报销' }).click();
    await poll(() => clerk.getByTestId('case-message').textContent()).toContain('reject');

    // The citizen's page: not reimbursed, and an appeal.
    await page.reload();
    await poll(() => page.locator('[data-status]').first().getAttribute('data-status'), {
      timeout: 20_000,
    }).toBe('REJECTED');
    await poll(() => page.locator('.timeline [data-step="stepRejected"]').getAttribute('data-state')).toBe(
      'done',
    );
    // The citizen appeals the rejection online; it goes back to the region's clerks with the reason.
    await poll(() => page.getByText('对不予报销决定有异议的').count()).toBe(1);
    await page.getByLabel('申诉理由').fill('出院小结已补齐');
    await page.getByRole('button', { name: '提交申诉' }).click();
    await poll(() => page.getByRole('status').allTextContents()).toContainEqual('已提交申诉（第 1 号）。');
    await poll(async () => (await web.rt.claims.get(claimId)).status, { timeout: 20_000 }).toBe('IN_REVIEW');
    expect((await web.rt.claims.get(claimId)).reasons?.[0]?.code).toBe('APPEAL_OF_REJECTION');
    await citizenContext.close();
    await clerkContext.close();
  }, 90_000);
});
