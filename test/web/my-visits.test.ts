import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { poll, screenshot, useWebHarness } from './support';

/** 10854 fen → "¥108.54", as the pages print money. */
const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

describe('web pages: a citizen files from their own visit list', () => {
  const web = useWebHarness();

  it('goes from sign-in to a submitted claim in at most 4 screens, typing no hospital code or visit number', async () => {
    const { generator, simulator, catalog } = web.rt.hospitals;
    const [first, second] = catalog.hospitals;
    const patient = generator.patient();
    const stay = generator.inpatient({ patient, hospitalCode: first!.code });
    const settled = generator.outpatient({ patient, hospitalCode: second!.code, settledDirectly: true });
    simulator.addVisit(stay);
    simulator.addVisit(settled);
    const password = randomBytes(9).toString('base64url');
    const username = `citizen-v-${patient.idNumber}`;
    await web.accounts.add({
      username,
      password,
      role: 'citizen',
      name: patient.name,
      idNumber: patient.idNumber,
    });

    const context = await web.context();
    const page = await context.newPage();
    const screens: string[] = [];
    const typed: string[] = [];

    // Screen 1: the OpenID provider's sign-in page (the visits page, opened signed out, sends the browser there).
    await page.goto('/#/visits');
    await poll(() => page.url(), { timeout: 30_000 }).toMatch(/\/oidc\/interaction\//);
    screens.push('sign-in');
    await page.getByLabel('账号').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();

    // Screen 2: the visit list, straight after signing in.
    await poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe(
      '从就诊记录申请报销',
    );
    screens.push('visits');
    const stayCard = page.locator(`[data-visit="${stay.visitNo}"]`);
    const settledCard = page.locator(`[data-visit="${settled.visitNo}"]`);
    await poll(() => stayCard.count()).toBe(1);
    expect(await stayCard.locator('.money').textContent()).toBe(yuan(stay.bill.totalAmtFen));
    expect(await stayCard.textContent()).toContain(first!.name);
    expect(await settledCard.textContent()).toContain('已在医院直接结算');
    expect(await settledCard.locator('input[type="radio"]').isDisabled()).toBe(true);
    // The only things a person can type: the home region (filled in), the account and its holder.
    const textInputs = await page
      .locator('form input:not([type="radio"]):not([type="checkbox"])')
      .evaluateAll((els) => els.map((e) => (e as unknown as { id: string }).id));
    expect(textInputs).toHaveLength(3);

    await stayCard.locator('input[type="radio"]').check();
    await page.getByRole('checkbox', { name: /我授权调取/ }).check();
    await page.getByLabel('户名').fill(patient.name);
    typed.push(patient.name);
    await screenshot(page, 'my-visits');
    await page.getByRole('button', { name: '提交申请' }).click();

    // Screen 3: the submitted claim, followed to a decision.
    await page.waitForURL(/#\/claims\/C/);
    screens.push('claim');
    const claimId = decodeURIComponent(page.url().split('#/claims/')[1] ?? '');
    await poll(() => page.locator('[data-status]').first().getAttribute('data-status'), {
      timeout: 30_000,
    }).toMatch(/PAID|IN_REVIEW/);
    expect(screens.length).toBeLessThanOrEqual(4);
    for (const text of typed) {
      expect(text).not.toContain(stay.hospitalCode);
      expect(text).not.toContain(stay.visitNo);
    }

    // The claim is the visit's: the hospital and visit number came from the list, not from typing.
    const token = await web.citizenToken(patient.idNumber);
    const claim = await web.call<{ hospitalCode: string; visitNo?: string }>(
      'GET',
      `/claims/${claimId}`,
      token,
    );
    expect(claim.status).toBe(200);
    expect(claim.body.hospitalCode).toBe(stay.hospitalCode);
    const stored = await web.rt.claims.get(claimId);
    expect(stored.visit.visitNo).toBe(stay.visitNo);

    // Back on the list, the visit says it is claimed and can no longer be chosen.
    await page.goto('/#/visits');
    await poll(() => stayCard.locator('[data-status]').count()).toBe(1);
    expect(await stayCard.locator('input[type="radio"]').isDisabled()).toBe(true);
    await context.close();
  }, 120_000);
});
