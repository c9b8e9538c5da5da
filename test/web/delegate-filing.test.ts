import { describe, expect, it } from 'vitest';
import { serviceDateOf } from '../../domain/ebill';
import { poll, signIn, useWebHarness } from './support';

describe('web pages: a family member files for a relative on a delegation (代办), until it is revoked', () => {
  const web = useWebHarness();

  it('the citizen authorises a relative, the relative files on their own account, the citizen sees it; after revocation the page is refused', async () => {
    const { generator, simulator } = web.rt.hospitals;
    const patient = generator.patient();
    const relative = generator.patient();
    const stay = generator.inpatient({ patient });
    const later = generator.outpatient({ patient });
    simulator.addVisit(stay);
    simulator.addVisit(later);
    const citizen = { role: 'citizen' as const, idNumber: patient.idNumber, name: patient.name };
    const family = { role: 'citizen' as const, idNumber: relative.idNumber, name: relative.name };

    const mine = await web.context();
    const page = await mine.newPage();
    await signIn(page, citizen, web);
    await page.goto('/#/delegations');
    await page.getByLabel('家属（凭其身份证号）').check();
    await page.getByLabel('家属身份证号').fill(relative.idNumber);
    await page.getByLabel('家属姓名').fill(relative.name);
    await page.getByRole('button', { name: '授权', exact: true }).click();
    const made = page.getByTestId('new-delegation');
    await poll(() => made.locator('[data-field="delegationId"]').count()).toBe(1);
    const delegationId = String(await made.locator('[data-field="delegationId"]').textContent());
    expect(await made.locator('[data-field="code"]').count()).toBe(0);

    const theirs = await web.context();
    const desk = await theirs.newPage();
    await signIn(desk, family, web);
    const fileFor = async (visit: typeof stay) => {
      await desk.goto('/#/file-for-family');
      await poll(() => desk.getByRole('heading', { level: 1 }).textContent()).toContain('代办');
      await desk.getByLabel('身份证号').fill(patient.idNumber);
      await desk.getByLabel('姓名').fill(patient.name);
      await desk.getByLabel('医院代码').fill(visit.hospitalCode);
      await desk.getByLabel('住院号 / 门诊号').fill(visit.visitNo);
      await desk.getByLabel('就医类型').selectOption(visit.careType);
      await desk.getByLabel('就医日期').fill(serviceDateOf(visit.bill));
      await desk.getByLabel('授权编号').fill(delegationId);
      await desk.getByLabel('银行卡号').fill('6222000000000000001');
      await desk.getByLabel('户名').fill(patient.name);
      await desk.getByRole('button', { name: '提交申请' }).click();
    };
    await fileFor(stay);
    const filed = desk.getByTestId('agent-filed');
    await poll(() => filed.count(), { timeout: 30_000 }).toBe(1);
    const claimId = String(await filed.getAttribute('data-claim-id'));

    await page.goto('/#/claims');
    await poll(() => page.locator(`[data-claim-id="${claimId}"]`).count()).toBe(1);
    await page.goto(`/#/claims/${claimId}`);
    await poll(() => page.getByTestId('filed-by').textContent(), { timeout: 30_000 }).toContain(delegationId);

    // Revoked: the relative's next filing is refused, and nothing is filed.
    await page.goto('/#/delegations');
    await page.locator(`[data-delegation="${delegationId}"]`).getByRole('button', { name: '撤销' }).click();
    await poll(() => page.locator(`[data-delegation="${delegationId}"]`).textContent()).toContain('已撤销');
    await fileFor(later);
    await poll(() => desk.getByRole('alert').getAttribute('data-error')).toBe('forbidden');
    expect(await web.rt.claims.claimsForVisit(later.hospitalCode, later.visitNo)).toEqual([]);
    await mine.close();
    await theirs.close();
  }, 120_000);
});
