import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { setDependencies } from '../../functions/shared/dependencies';
import { jiaxingPolicy } from '../support/fixtures';
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
  async function reviewCase(): Promise<{ claimId: string; citizen: string }> {
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
    return { claimId, citizen };
  }

  it('a clerk takes the case, adjusts a line and approves; a second clerk checks it; the dashboard counts change live', async () => {
    // The supervisor watches the dashboard while it happens.
    const boardContext = await web.context();
    const board = await boardContext.newPage();
    await signIn(board, { role: 'supervisor', sub: 'supervisor-01', region: REGION });
    await poll(() => board.getByRole('heading', { level: 1 }).textContent()).toBe(`服务监控 · ${REGION}`);
    const totalBefore = Number(await kpi(board, 'total'));
    const queueBefore = Number(await kpi(board, 'queue'));

    const { claimId, citizen } = await reviewCase();
    // Without a reload: the page refreshes itself.
    await poll(() => kpi(board, 'total'), { timeout: 12_000 }).toBe(String(totalBefore + 1));
    await poll(() => kpi(board, 'queue'), { timeout: 12_000 }).toBe(String(queueBefore + 1));

    // Clerk 1: the queue shows the case with its SLA state and why it is there.
    const makerContext = await web.context();
    const maker = await makerContext.newPage();
    await signIn(maker, { role: 'clerk', sub: 'clerk-jx-01', region: REGION });
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
    await signIn(checker, { role: 'clerk', sub: 'clerk-jx-02', region: REGION });
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
    await signIn(small, { role: 'supervisor', sub: 'supervisor-01', region: REGION });
    await poll(() => kpi(small, 'total')).toBe(String(totalBefore + 1));
    await screenshot(small, 'dashboard');

    for (const c of [boardContext, makerContext, checkerContext, phone]) await c.close();
  }, 90_000);
});
