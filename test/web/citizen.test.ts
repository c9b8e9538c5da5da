import { describe, expect, it } from 'vitest';
import { receiptFixture } from '../support/receipt-fixtures';
import { repoPath } from '../support/fixtures';
import { phoneScreenshot, poll, screenshot, signIn, useWebHarness, PHONE } from './support';

interface EobBody {
  lines: { name: string; benefitFen: number; reason: { zh: string; en: string } }[];
  totals: { benefitFen: number };
  payment?: { amountFen: number };
}

/** 10854 fen → "¥108.54", as the pages print money. */
const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

describe('web pages: a citizen in the browser', () => {
  const web = useWebHarness();
  // The receipt's e-bill is one the simulated hospitals issued, signed with the catalog's key.
  const fixture = receiptFixture('national-clean-1');
  const patient = {
    role: 'citizen' as const,
    idNumber: fixture.patient.idNumber,
    name: fixture.patient.name,
  };

  it('signs in, files a claim for a stay with consent and a receipt photo, and sees it paid with its explanation', async () => {
    web.rt.hospitals.simulator.issue(fixture.ebill);
    const context = await web.context();
    const page = await context.newPage();
    // Signed out, the pages send the browser to the OpenID provider's own sign-in page.
    await page.goto('/');
    await poll(() => page.url(), { timeout: 30_000 }).toMatch(/\/oidc\/interaction\//);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('登录');
    await screenshot(page, 'sign-in');
    await signIn(page, patient, web);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('我的报销申请');

    await page.getByRole('link', { name: '申请报销' }).first().click();
    await page.getByLabel('选择医院').selectOption(fixture.hospitalCode);
    const stay = page.getByLabel('选择就诊记录');
    await poll(() => stay.locator('option').allTextContents()).toContainEqual(
      expect.stringContaining(fixture.visitNo),
    );
    await stay.selectOption(fixture.visitNo);
    // What the home region knows (GET /eligibility) is shown for the stay's date, never asked.
    const facts = page.getByTestId('home-region-facts');
    await poll(() => facts.getAttribute('data-insured')).toBe('true');
    expect(await facts.locator('[data-fact="scheme"]').textContent()).toBe('职工医保');
    expect(await facts.locator('[data-fact="status"]').textContent()).toBe('在职');
    expect(await facts.locator('[data-fact="filing"]').textContent()).toBe('异地长期居住');
    expect(
      await page
        .locator('form select, form input[type="radio"]')
        .evaluateAll((els) => els.map((e) => (e as unknown as { name: string }).name)),
    ).toEqual(['hospital', 'stay']);
    await page
      .getByLabel('纸质票据照片（PNG 或 JPEG，可多张）')
      .setInputFiles(repoPath(`test/fixtures/receipts/${fixture.name}.png`));

    // No consent, no claim: the form says why and stays.
    await page.getByRole('button', { name: '提交申请' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('必须授权后才能提交');
    expect(await page.getByRole('checkbox', { name: /我授权调取/ }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(page.url()).toContain('#/claims/new');
    expect(
      (await web.call<{ claims: unknown[] }>('GET', '/claims', await web.citizenToken(patient.idNumber))).body
        .claims,
    ).toEqual([]);
    await page.getByRole('checkbox', { name: /我授权调取/ }).check();
    await screenshot(page, 'new-claim');
    await page.getByRole('button', { name: '提交申请' }).click();

    // The claim page follows the claim until it is paid.
    await page.waitForURL(/#\/claims\/C/);
    const claimId = decodeURIComponent(page.url().split('#/claims/')[1] ?? '');
    await poll(() => page.locator('[data-status]').first().getAttribute('data-status'), {
      timeout: 30_000,
    }).toBe('PAID');
    const eob = (
      await web.call<EobBody>('GET', `/claims/${claimId}/eob`, await web.citizenToken(patient.idNumber))
    ).body;
    // Every line of the explanation, with its amount and its reason in Chinese.
    const rows = page.locator('table.eob tbody tr');
    await poll(() => rows.count()).toBe(eob.lines.length);
    for (const [i, line] of eob.lines.entries()) {
      const row = rows.nth(i);
      expect(await row.locator('th').textContent()).toBe(line.name);
      expect(await row.locator('td').nth(2).textContent()).toBe(yuan(line.benefitFen));
      expect(await row.locator('td.reason').textContent()).toBe(line.reason.zh);
    }
    expect(await page.locator('[data-total="benefit"]').textContent()).toBe(yuan(eob.totals.benefitFen));
    expect(await page.getByTestId('payment').textContent()).toContain(yuan(eob.payment?.amountFen ?? -1));
    // The timeline: every step done, paid last.
    await poll(() => page.locator('.timeline [data-state="done"]').count()).toBe(6);
    expect(await page.getByTestId('history-verified').textContent()).toContain('记录链校验通过');
    // Who looked at my case: the citizen's own reading of the page is not listed; a clerk's read is, after a reload.
    await poll(() => page.getByTestId('access-log').textContent()).toContain('尚无工作人员查看过此案件');
    const clerkRead = await web.call(
      'GET',
      `/claims/${claimId}`,
      await web.staffToken('clerk', 'clerk-web-1'),
    );
    expect(clerkRead.status).toBe(200);
    await page.reload();
    await poll(() => page.getByTestId('access-log').textContent()).toContain('经办人员 1（330400）');
    expect(await page.getByTestId('access-log').textContent()).toContain('查看案件');
    expect(await page.getByTestId('access-log').textContent()).not.toContain('clerk-web-1');

    // English on request: the same explanation with the English reasons.
    await page.getByRole('button', { name: /English/ }).click();
    await poll(() => page.locator('table.eob tbody tr td.reason').first().textContent()).toBe(
      eob.lines[0]?.reason.en,
    );
    await page.getByRole('button', { name: /中文/ }).click();

    // Rate the service (好差评): a named level for the whole and for each sub-score.
    const rating = page.getByTestId('rating');
    await rating.getByRole('group', { name: '总体评价' }).getByLabel('非常满意').check();
    for (const what of ['办事效率', '服务态度', '办理结果']) {
      await rating.getByRole('group', { name: what }).getByLabel('满意', { exact: true }).check();
    }
    await rating.getByRole('button', { name: '提交评价' }).click();
    await poll(() => rating.getByRole('status').textContent()).toBe('您的评价：非常满意');
    // Appeal the paid claim online: it is re-adjudicated, and the page lists the appeal.
    await page.getByLabel('申诉理由').fill('床位费应按乙类报销');
    await page.getByRole('button', { name: '提交申诉' }).click();
    await poll(() => page.getByRole('status').allTextContents()).toContainEqual('已提交申诉（第 1 号）。');
    const appealed = await web.call<{ appeals?: { reason: string }[] }>(
      'GET',
      `/claims/${claimId}`,
      await web.citizenToken(patient.idNumber),
    );
    expect(appealed.body.appeals?.map((a) => a.reason)).toEqual(['床位费应按乙类报销']);
    await poll(() => page.getByRole('list', { name: '申诉记录' }).textContent()).toContain(
      '床位费应按乙类报销',
    );
    await screenshot(page, 'claim-paid');
    await phoneScreenshot(web, page, 'claim-paid', async (p) => {
      await poll(() => p.locator('table.eob tbody tr').count()).toBe(eob.lines.length);
    });

    await page.goto('/#/claims');
    await poll(() =>
      page.locator(`[data-claim-id="${claimId}"] [data-status]`).getAttribute('data-status'),
    ).toBe('PAID');
    await screenshot(page, 'my-claims');
    await context.close();

    // The same pages at phone width: sign-in, list, form.
    const phone = await web.context(PHONE);
    const small = await phone.newPage();
    await small.goto('/');
    await poll(() => small.url(), { timeout: 30_000 }).toMatch(/\/oidc\/interaction\//);
    await poll(() => small.getByRole('heading', { level: 1 }).textContent()).toContain('登录');
    await screenshot(small, 'sign-in');
    await signIn(small, patient, web);
    await poll(() => small.locator(`[data-claim-id="${claimId}"]`).count()).toBe(1);
    await screenshot(small, 'my-claims');
    await small.goto('/#/claims/new');
    await small.getByLabel('选择医院').selectOption(fixture.hospitalCode);
    await screenshot(small, 'new-claim');
    await phone.close();
  });

  it("a citizen's session cannot load another citizen's claim, nor the clerk or supervisor pages", async () => {
    // Someone else's paid claim, filed through the API.
    const { rt } = web;
    const visit = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit);
    const { claimRequestFor } = await import('../workflows/support');
    const owner = await web.citizenToken(visit.patient.idNumber);
    const filed = await web.call<{ claimId: string }>('POST', '/claims', owner, claimRequestFor(visit));
    expect(filed.status).toBe(202);
    const othersClaim = filed.body.claimId;

    const context = await web.context();
    const page = await context.newPage();
    await signIn(page, patient, web);
    await page.goto(`/#/claims/${othersClaim}`);
    await poll(() => page.getByRole('alert').getAttribute('data-error')).toBe('not_found');
    expect(await page.locator('table.eob').count()).toBe(0);
    const shown = await page.content();
    expect(shown).not.toContain(visit.visitNo);
    expect(shown).not.toContain(visit.patient.idNumberMasked);

    await page.goto('/#/clerk');
    await poll(() => page.getByRole('alert').getAttribute('data-error')).toBe('not_allowed');
    await page.goto(`/#/clerk/cases/${othersClaim}`);
    await poll(() => page.getByRole('alert').getAttribute('data-error')).toBe('not_allowed');
    await page.goto('/#/dashboard');
    await poll(() => page.getByRole('alert').getAttribute('data-error')).toBe('not_allowed');

    // Not only hidden by the page: the API refuses the session's own token.
    const status = (path: string) =>
      page.evaluate(
        `fetch(${JSON.stringify(path)}, { headers: { authorization: 'Bearer ' + JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:')))).access_token } }).then((r) => r.status)`,
      );
    expect(await status(`/claims/${othersClaim}`)).toBe(404);
    expect(await status(`/claims/${othersClaim}/receipts`)).toBe(404);
    expect(await status('/review-queue')).toBe(403);
    expect(await status('/dashboard')).toBe(403);
    await context.close();
  });
});
