import { describe, expect, it } from 'vitest';
import { HomeRegionSimulator } from '../../../local/home-region/home-region-simulator';
import { DEFAULT_INSURED_FACTS } from '../../../local/home-region/world-population';
import { coverageOn } from '../../../domain/home-region';
import {
  HEAVY_USER_CAP_LEFT_FEN,
  insuredRequest,
  populateHomeRegion,
  type HomeRegionAdmin,
} from '../../../local/demo/home-region';
import type { CreatedVisit } from '../../../local/demo/claim-request';
import type { HomeFacts, PlannedInsured } from '../../../local/demo/plan';
import { planBatch } from '../../../local/demo/plan';

const CAP = 40_000_000;

function visitOf(insured: number, serviceDate: string, n = insured): CreatedVisit {
  return {
    plan: {
      index: n,
      insured,
      careType: 'inpatient',
      filingType: 'long_term',
      role: 'normal',
      clerk: { decision: 'approve' },
    },
    hospital: {
      hospitalCode: 'H31010400002',
      visitNo: `ZY${n}`,
      careType: 'inpatient',
      serviceDate,
      patient: {
        name: '测试',
        idNumber: '330402199001010019',
        idNumberMasked: '3304****0019',
        idNumberHash: `hash-${insured}`,
      },
      bill: { billBatchCode: '3101', billNo: '1', checkCode: 'x', issueDate: serviceDate, totalAmtFen: 100 },
    },
  };
}
const person = (home: HomeFacts): PlannedInsured => ({
  index: 0,
  status: 'working',
  home,
  bankAccount: '6222000000000000042',
});

/** The record the simulated home region keeps after the demo's request, as crossclaim reads it. */
function recordAfter(home: HomeFacts, serviceDate: string) {
  const sim = new HomeRegionSimulator();
  const request = insuredRequest(person(home), visitOf(0, serviceDate), CAP);
  sim.setInsured(request ?? { idNumber: '330402199001010019', ...DEFAULT_INSURED_FACTS });
  const hash = [...Object.keys(sim.snapshot().people)][0]!;
  return sim.record(hash, Number(serviceDate.slice(0, 4)));
}

describe('demo: the home region’s record of the batch’s people', () => {
  it('leaves the world’s default people alone', () => {
    expect(insuredRequest(person('default'), visitOf(0, '2026-05-01'), CAP)).toBeUndefined();
  });

  it('makes a not-insured person unknown to the home region', () => {
    expect(recordAfter('not_insured', '2026-05-01').enrolment).toBeNull();
  });

  it('lets an expired filing end the day before the stay, so the stay is unfiled (expired), even on 1 January', () => {
    for (const date of ['2026-05-01', '2026-01-01']) {
      const record = recordAfter('filing_expired', date);
      const coverage = coverageOn(record, date, '330400');
      expect(coverage).toMatchObject({
        insured: true,
        coverage: { filingType: 'unfiled', unfiledBecause: 'expired' },
      });
    }
  });

  it('gives a heavy user ¥395,000 of the ¥400,000 inpatient cap paid directly, a filing in force, and a tier base above its threshold', () => {
    const record = recordAfter('heavy_user', '2026-05-01');
    expect(record.yearToDate.fundPaidFen.inpatient).toBe(CAP - HEAVY_USER_CAP_LEFT_FEN);
    expect(record.yearToDate.fundPaidFen.inpatient).toBe(39_500_000);
    expect(record.yearToDate.seriousIllnessBaseFen).toBeGreaterThan(1_500_000);
    expect(coverageOn(record, '2026-05-01', '330400')).toMatchObject({
      coverage: { filingType: 'long_term' },
    });
  });

  it('sends one request per person set apart and the catalogue changes, and reports the prior totals by person', async () => {
    const plan = planBatch({ claims: 40, seed: 'home' });
    const visits = plan.visits.map((v) => ({ ...visitOf(v.insured, '2026-05-01', v.index), plan: v }));
    const sent: { path: string; body: unknown }[] = [];
    const admin = {
      setInsured: async (body: unknown) => void sent.push({ path: 'insured', body }),
      setCatalogueEntry: async (body: unknown) => void sent.push({ path: 'catalogue', body }),
    } as unknown as HomeRegionAdmin;
    const setup = await populateHomeRegion(admin, plan, visits, CAP);
    const apart = plan.insured.filter((p) => p.home !== 'default');
    expect(sent.filter((s) => s.path === 'insured')).toHaveLength(apart.length);
    expect(sent.filter((s) => s.path === 'catalogue')).toHaveLength(setup.catalogueChanges);
    expect(setup.people.heavy_user).toBe(apart.filter((p) => p.home === 'heavy_user').length);
    const heavy = plan.insured.filter((p) => p.home === 'heavy_user').map((p) => `hash-${p.index}`);
    expect([...setup.prior.keys()].sort()).toEqual(heavy.sort());
    expect(setup.prior.get(heavy[0]!)?.fundPaidFen.inpatient).toBe(39_500_000);
  });
});
