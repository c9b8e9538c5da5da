import { describe, expect, it } from 'vitest';
import { serviceDateOf } from '../../domain/ebill';
import { repoPath } from '../support/fixtures';
import { poll, screenshot, signIn, useWebHarness } from './support';

describe('web pages: a service-window agent files for a citizen on their signed authorisation (帮办)', () => {
  const web = useWebHarness();

  it('the citizen authorises a window, the agent files with the signed form, the citizen sees the claim and who filed it', async () => {
    const { generator, simulator } = web.rt.hospitals;
    const patient = generator.patient();
    const stay = generator.inpatient({ patient });
    simulator.addVisit(stay);
    const citizen = { role: 'citizen' as const, idNumber: patient.idNumber, name: patient.name };

    // The citizen, on their own account: a one-time authorisation for a window.
    const mine = await web.context();
    const page = await mine.newPage();
    await signIn(page, citizen, web);
    await page.goto('/#/delegations');
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('帮办');
    await page.getByRole('button', { name: '授权', exact: true }).click();
    const made = page.getByTestId('new-delegation');
    await poll(() => made.locator('[data-field="code"]').count()).toBe(1);
    const delegationId = String(await made.locator('[data-field="delegationId"]').textContent());
    const code = String(await made.locator('[data-field="code"]').textContent());
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    await screenshot(page, 'delegations');

    // The agent, at a window in another region, with the signed form the citizen brought.
    const window = await web.context();
    const desk = await window.newPage();
    await signIn(desk, { role: 'agent', sub: 'agent-sh-web', region: '310100' }, web);
    await desk.goto('/#/agent');
    await poll(() => desk.getByRole('heading', { level: 1 }).textContent()).toContain('帮办');
    await desk.getByLabel('身份证号').fill(patient.idNumber);
    await desk.getByLabel('姓名').fill(patient.name);
    await desk.getByLabel('医院代码').fill(stay.hospitalCode);
    await desk.getByLabel('住院号 / 门诊号').fill(stay.visitNo);
    await desk.getByLabel('就医日期').fill(serviceDateOf(stay.bill));
    await desk.getByLabel('授权编号').fill(delegationId);
    await desk.getByLabel('一次性授权码').fill(code);
    await desk
      .getByLabel('签字授权书扫描件（PNG 或 JPEG）')
      .setInputFiles(repoPath('test/fixtures/receipts/national-clean-1.png'));
    await desk.getByLabel('银行卡号').fill('6222000000000000001');
    await desk.getByLabel('户名').fill(patient.name);
    await desk.getByRole('button', { name: '提交申请' }).click();
    const filed = desk.getByTestId('agent-filed');
    await poll(() => filed.count(), { timeout: 30_000 }).toBe(1);
    const claimId = String(await filed.getAttribute('data-claim-id'));
    await screenshot(desk, 'agent-filing');

    // The citizen sees it in their own list, with the agent named in its history.
    await page.goto('/#/claims');
    await poll(() => page.locator(`[data-claim-id="${claimId}"]`).count()).toBe(1);
    await page.goto(`/#/claims/${claimId}`);
    await poll(() => page.getByTestId('filed-by').textContent(), { timeout: 30_000 }).toContain(
      'agent-sh-web',
    );
    // The case history's first entry: filed by the agent, by id.
    expect(await page.locator('ol.history li').first().textContent()).toContain('agent agent-sh-web');
    await screenshot(page, 'claim-filed-by-agent');
    // The window's authorisation is used up.
    await page.goto('/#/delegations');
    await poll(() => page.locator(`[data-delegation="${delegationId}"]`).textContent()).toContain(claimId);
    await mine.close();
    await window.close();
  }, 120_000);
});
