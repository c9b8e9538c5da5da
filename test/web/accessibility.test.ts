import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { setDependencies } from '../../functions/shared/dependencies';
import { jiaxingPolicy } from '../support/fixtures';
import { claimRequestFor } from '../workflows/support';
import { poll, signIn, useWebHarness, PHONE, type Person } from './support';

const REGION = '330400';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  page: string;
  mode: 'standard' | 'elder';
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's violations on the page as it is now (WCAG 2.x A/AA and best practices, axe's defaults). */
let checked = 0;
async function axe(page: Page, name: string, mode: Violation['mode']): Promise<Violation[]> {
  checked += 1;
  // Evaluated through the DevTools protocol, so the pages' content-security policy does not block it.
  await page.evaluate(AXE_SOURCE);
  const found = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`)) as Omit<
    Violation,
    'page' | 'mode'
  >[];
  return found.map((v) => ({ page: name, mode, ...v }));
}

/**
 * Every page of the web app in both modes (standard and 长辈版) through axe-core 4.14: no
 * violation of impact serious or critical. The citizen's pages (list, form, a paid claim with
 * the rating form, a rated claim with its follow-up, their visits, their delegations, filing for
 * a relative), the agent's (filing for a citizen), the clerk's (queue, case, follow-ups), the
 * supervisor's (dashboard, follow-ups) and the sign-in page. All violations found, of any impact,
 * are written to test/web/.axe-report.json for reading (not committed).
 */
describe('web pages: accessibility (axe-core) in standard and elder mode', () => {
  const web = useWebHarness();

  beforeAll(() => {
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([compilePolicy({ ...base, review: { benefitAboveFen: 100_000 } })]),
    });
  });

  async function filed(kind: 'inpatient' | 'outpatient') {
    const { rt } = web;
    for (;;) {
      const visit =
        kind === 'inpatient' ? rt.hospitals.generator.inpatient() : rt.hospitals.generator.outpatient();
      rt.hospitals.simulator.addVisit(visit);
      const token = await web.citizenToken(visit.patient.idNumber);
      const answer = await web.call<{ claimId: string }>('POST', '/claims', token, claimRequestFor(visit));
      expect(answer.status).toBe(202);
      const claimId = answer.body.claimId;
      const want = kind === 'inpatient' ? 'IN_REVIEW' : 'PAID';
      let status = '';
      await poll(
        async () => {
          status = (await web.call<{ status: string }>('GET', `/claims/${claimId}`, token)).body.status;
          return ['PAID', 'IN_REVIEW', 'REJECTED', 'FAILED'].includes(status);
        },
        { timeout: 30_000 },
      ).toBe(true);
      if (status === want) return { claimId, token, patient: visit.patient };
    }
  }

  it('no serious or critical violation on any page, in either mode', async () => {
    const paid = await filed('outpatient');
    const rated = await filed('outpatient');
    expect(
      (
        await web.call('POST', `/claims/${rated.claimId}/rating`, rated.token, {
          level: 'dissatisfied',
          subScores: { efficiency: 'dissatisfied', attitude: 'satisfied', outcome: 'basically_satisfied' },
          comment: '等待时间长',
        })
      ).status,
    ).toBe(201);
    const review = await filed('inpatient');

    const violations: Violation[] = [];
    const visit = async (page: Page, name: string, mode: Violation['mode'], hash: string, ready: string) => {
      await page.evaluate(
        `localStorage.setItem('crossclaim.mode', ${JSON.stringify(mode)}); location.hash = ${JSON.stringify(hash)}`,
      );
      await page.reload();
      await poll(() => page.evaluate(`document.documentElement.dataset.mode ?? 'standard'`)).toBe(mode);
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      violations.push(...(await axe(page, name, mode)));
    };

    // Signed out: the sign-in page (the local OpenID provider's, the stand-in for Cognito's).
    const anonymous = await (await web.context()).newPage();
    await anonymous.goto('/');
    await poll(() => anonymous.url(), { timeout: 30_000 }).toMatch(/\/oidc\/interaction\//);
    await anonymous.getByRole('heading', { level: 1 }).waitFor();
    violations.push(...(await axe(anonymous, 'sign-in', 'standard')));

    const people: { who: Person; pages: [string, string, string][] }[] = [
      {
        who: { role: 'citizen', idNumber: paid.patient.idNumber, name: paid.patient.name },
        pages: [
          ['my-claims', '#/claims', `[data-claim-id="${paid.claimId}"]`],
          ['new-claim', '#/claims/new', 'form'],
          ['claim-paid', `#/claims/${paid.claimId}`, '[data-testid="rating"] form'],
          // The citizen's visits (filed from), who may file for them, filing for a relative.
          ['my-visits', '#/visits', '[data-visit]'],
          ['delegations', '#/delegations', 'form'],
          ['file-for-family', '#/file-for-family', 'form'],
        ],
      },
      {
        who: { role: 'citizen', idNumber: rated.patient.idNumber, name: rated.patient.name },
        pages: [['claim-rated', `#/claims/${rated.claimId}`, '[data-testid="follow-up-state"]']],
      },
      {
        who: { role: 'clerk', sub: 'clerk-a11y-01', region: REGION },
        pages: [
          ['clerk-queue', '#/clerk', `[data-claim-id="${review.claimId}"]`],
          ['clerk-case', `#/clerk/cases/${review.claimId}`, 'h1'],
          ['clerk-follow-ups', '#/follow-ups', `[data-claim-id="${rated.claimId}"] form`],
        ],
      },
      {
        who: { role: 'agent', sub: 'agent-a11y-01', region: '310100' },
        pages: [['agent-filing', '#/agent', 'form']],
      },
      {
        who: { role: 'supervisor', sub: 'supervisor-a11y-01', region: REGION },
        pages: [
          ['dashboard', '#/dashboard', '[data-kpi="on-time-rate"]'],
          ['supervisor-follow-ups', '#/follow-ups', `[data-claim-id="${rated.claimId}"]`],
        ],
      },
    ];
    for (const viewport of [undefined, PHONE]) {
      for (const { who, pages } of people) {
        const context = await web.context(viewport);
        const page = await context.newPage();
        await signIn(page, who, web);
        for (const mode of ['standard', 'elder'] as const) {
          for (const [name, hash, ready] of pages) {
            await visit(page, viewport ? `${name}@phone` : name, mode, hash, ready);
          }
        }
        await context.close();
      }
    }
    writeFileSync('test/web/.axe-report.json', JSON.stringify(violations, null, 2));
    // The sign-in page, then 13 pages × 2 modes × 2 widths.
    expect(checked).toBe(1 + 13 * 2 * 2);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
  }, 600_000);
});
