import { describe, expect, it } from 'vitest';
import type { ClaimView } from '../../domain/api/claims';
import { hashIdNumber } from '../../domain/identity';
import { PayoutReportOutbox } from '../../adapters/home-region/payout-report-outbox';
import type { GeneratedVisit } from '../../local/hospitals/bill-generator';
import type { SetInsuredRequest } from '../../local/home-region/home-region-simulator';
import { followClaim, useApiServer } from '../local/api/support';
import { claimRequestFor, useClaimWorkflow, waitForStatus } from './support';

/**
 * The home region's record decides the money, through the API on the local runtime: whatever
 * the claim form declares, the engine uses what the simulated insurance system says.
 */
describe('the home region’s record decides eligibility and the money', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();

  /** A new inpatient stay at a level-3 hospital, its patient's facts set in the home region. */
  function stay(facts: Omit<SetInsuredRequest, 'idNumber'>, minTotalFen = 0): GeneratedVisit {
    const { rt } = wf;
    const level3 = rt.hospitals.catalog.hospitals.find((h) => h.level === 3);
    if (!level3) throw new Error('no level-3 hospital in the catalog');
    let visit = rt.hospitals.generator.inpatient({ hospitalCode: level3.code });
    while (visit.bill.totalAmtFen < minTotalFen)
      visit = rt.hospitals.generator.inpatient({ hospitalCode: level3.code, patient: visit.patient });
    rt.homeRegion.simulator.setInsured({ idNumber: visit.patient.idNumber, ...facts });
    rt.hospitals.simulator.addVisit(visit);
    return visit;
  }

  async function file(visit: GeneratedVisit, form: Record<string, unknown> = {}) {
    const token = await api.citizenToken(visit.patient.idNumber);
    const request = claimRequestFor(visit);
    const body = {
      ...request,
      insured: { ...request.insured, ...(form.insured as object) },
      visit: { ...request.visit, ...(form.visit as object) },
    };
    const filed = await api.call('POST', '/claims', { token, body });
    expect(filed.status).toBe(202);
    return { claimId: String(filed.body.claimId), token };
  }

  const unfiled: Omit<SetInsuredRequest, 'idNumber'> = {
    scheme: 'employee',
    status: 'working',
    homeRegion: '330400',
    filings: [],
  };

  it('working and unfiled in the record: the working/unfiled ratio, whatever the form declares', async () => {
    const visit = stay(unfiled);
    const { claimId, token } = await file(visit, {
      insured: { status: 'retired', scheme: 'employee' },
      visit: { filingType: 'long_term', admissionSeqInYear: 3 },
    });
    const view = await followClaim<ClaimView>(api, token, claimId, ['PAID', 'IN_REVIEW']);
    const adjudication = await wf.rt.claims.latestAdjudication(claimId);
    // Level 3, working: 86%, unfiled −10 points = 76%; first stay: the full 800.00 deductible.
    expect(adjudication?.result.ratioBp).toBe(7600);
    expect(adjudication?.result.deductibleDueFen).toBe(80_000);
    const notes = JSON.stringify(view.benefit?.notes);
    expect(notes).toContain('no cross-province filing');
    expect(notes).toContain('status: declared retired, record working');
    const stored = await wf.rt.claims.get(claimId);
    expect(stored.insured.status).toBe('working');
    expect(stored.visit.filingType).toBe('unfiled');
    expect(stored.declared).toMatchObject({
      status: 'retired',
      filingType: 'long_term',
      admissionSeqInYear: 3,
    });
  });

  it('an expired filing is unfiled too, and the explanation says it expired', async () => {
    const visit = stay({
      ...unfiled,
      filings: [{ type: 'long_term', from: '2024-01-01', to: '2025-06-30' }],
    });
    const { claimId, token } = await file(visit);
    const view = await followClaim<ClaimView>(api, token, claimId, ['PAID', 'IN_REVIEW']);
    expect((await wf.rt.claims.latestAdjudication(claimId))?.result.ratioBp).toBe(7600);
    expect(JSON.stringify(view.benefit?.notes)).toContain('filing expired before treatment');
  });

  it('a person the home region does not insure is rejected NOT_INSURED', async () => {
    const visit = stay({ insured: false });
    const { claimId, token } = await file(visit, { insured: { scheme: 'employee', status: 'working' } });
    const view = await followClaim<ClaimView>(api, token, claimId, ['REJECTED', 'PAID', 'IN_REVIEW']);
    expect(view.status).toBe('REJECTED');
    expect(view.reasons.map((r) => r.code)).toEqual(['NOT_INSURED']);
    expect(await wf.rt.claims.latestAdjudication(claimId)).toBeUndefined();
  });

  it('an enrolment that ended before the stay is NOT_INSURED too', async () => {
    const visit = stay({ ...unfiled, activeFrom: '2010-01-01', activeTo: '2025-12-31' });
    const { claimId, token } = await file(visit);
    const view = await followClaim<ClaimView>(api, token, claimId, ['REJECTED', 'PAID', 'IN_REVIEW']);
    expect(view.reasons.map((r) => r.code)).toEqual(['NOT_INSURED']);
  });

  it('¥395,000 already paid by direct settlement: at most the ¥5,000 left under the cap', async () => {
    const visit = stay(
      {
        ...unfiled,
        filings: [{ type: 'long_term', from: '2025-01-01', to: '2027-12-31' }],
        yearToDate: {
          fundPaidFen: { inpatient: 39_500_000, outpatient: 0 },
          deductibleMetFen: 0,
          admissions: 2,
        },
      },
      2_000_000,
    );
    const { claimId, token } = await file(visit);
    const view = await followClaim<ClaimView>(api, token, claimId, ['PAID']);
    const result = (await wf.rt.claims.latestAdjudication(claimId))?.result;
    expect(result?.capLeftFen).toBe(500_000);
    expect(result?.overCapFen).toBeGreaterThan(0);
    // The basic fund pays the ¥5,000 left; serious-illness insurance pays on top, from the
    // part above the cap (its base counts it), and the payout is both.
    expect(result?.benefitFen).toBe(500_000);
    expect(view.paidFen).toBe(500_000 + (result?.seriousIllnessFen ?? NaN));
    // Third stay of the year (two settled directly): the policy's third-stay factor, 0%.
    expect(result?.deductibleDueFen).toBe(0);
    // The home region now counts the payout once, and its cap is exactly used up.
    const record = wf.rt.homeRegion.simulator.record(hashIdNumber(visit.patient.idNumber), 2026);
    expect(record.yearToDate.fundPaidFen.inpatient).toBe(40_000_000);
    expect(wf.rt.homeRegion.simulator.settlementsOf(hashIdNumber(visit.patient.idNumber))).toHaveLength(1);
  });

  it('serious-illness insurance pays above its threshold, capped, and its part is reported to the home region', async () => {
    const visit = stay(
      {
        ...unfiled,
        filings: [{ type: 'long_term', from: '2025-01-01', to: '2027-12-31' }],
        yearToDate: {
          fundPaidFen: { inpatient: 10_000_000, outpatient: 0 },
          deductibleMetFen: 0,
          admissions: 1,
          // Past the ¥15,000 threshold already; ¥1,000 left under the tier's ¥300,000 cap.
          seriousIllnessBaseFen: 2_000_000,
          seriousIllnessPaidFen: 29_900_000,
        },
      },
      2_000_000,
    );
    const { claimId, token } = await file(visit);
    const view = await followClaim<ClaimView>(api, token, claimId, ['PAID']);
    const result = (await wf.rt.claims.latestAdjudication(claimId))?.result;
    expect(result?.seriousIllness).toMatchObject({ baseBeforeFen: 2_000_000, capLeftFen: 100_000 });
    expect(result?.seriousIllnessFen).toBe(100_000);
    expect(view.benefit?.seriousIllnessFen).toBe(100_000);
    expect(view.paidFen).toBe((result?.benefitFen ?? NaN) + 100_000);
    expect(JSON.stringify(view.benefit?.notes)).toContain('大病保险');
    const hash = hashIdNumber(visit.patient.idNumber);
    const [settlement] = wf.rt.homeRegion.simulator.settlementsOf(hash);
    expect(settlement).toMatchObject({
      key: claimId,
      fundPaidFen: result?.benefitFen,
      seriousIllnessFen: 100_000,
    });
    const record = wf.rt.homeRegion.simulator.record(hash, 2026);
    expect(record.yearToDate.seriousIllnessPaidFen).toBe(30_000_000);
    expect(record.yearToDate.seriousIllnessBaseFen).toBe(
      2_000_000 + (result ? result.deductibleFen + result.coinsuranceFen + result.overCapFen : NaN),
    );
  });

  it('a second stay this year (the first settled directly) pays the second-admission deductible', async () => {
    const visit = stay({
      ...unfiled,
      filings: [{ type: 'long_term', from: '2025-01-01', to: '2027-12-31' }],
      yearToDate: {
        fundPaidFen: { inpatient: 1_000_000, outpatient: 0 },
        deductibleMetFen: 0,
        admissions: 1,
      },
    });
    const { claimId, token } = await file(visit, { visit: { admissionSeqInYear: 1 } });
    await followClaim<ClaimView>(api, token, claimId, ['PAID', 'IN_REVIEW']);
    // Level 3: 800.00 × 50% for the second stay, whatever the form said.
    expect((await wf.rt.claims.latestAdjudication(claimId))?.result.deductibleDueFen).toBe(40_000);
  });

  it('the payout is reported to the home region once, with the claim id as key', async () => {
    const visit = stay({
      ...unfiled,
      filings: [{ type: 'long_term', from: '2025-01-01', to: '2027-12-31' }],
    });
    const { claimId, token } = await file(visit);
    const view = await followClaim<ClaimView>(api, token, claimId, ['PAID']);
    const settlements = wf.rt.homeRegion.simulator.settlementsOf(hashIdNumber(visit.patient.idNumber));
    expect(settlements.map((s) => [s.key, s.fundPaidFen, s.admission])).toEqual([
      [claimId, view.paidFen, true],
    ]);
    // Enqueued with the payout, marked sent with the move to PAID: nothing left for the drain,
    // and the deductible reported is the one the payout applied.
    const payout = await wf.rt.claims.payout(claimId);
    expect(settlements[0]!.deductibleFen).toBe(payout?.deductibleAppliedFen);
    const outbox = new PayoutReportOutbox(wf.rt.dynamo.docClient, wf.rt.tableName);
    expect((await outbox.pending()).map((p) => p.report.key)).not.toContain(claimId);
    expect(await outbox.isSent(claimId)).toBe(true);
  });

  it('a home region that does not answer: the claim retries, then waits for a clerk, never paid on guesses', async () => {
    const visit = stay({
      ...unfiled,
      filings: [{ type: 'long_term', from: '2025-01-01', to: '2027-12-31' }],
    });
    wf.rt.homeRegion.simulator.down = true;
    try {
      const { claimId } = await file(visit);
      const failed = await waitForStatus(wf.rt, claimId, ['FAILED', 'PAID', 'REJECTED'], 30_000);
      expect(failed.status).toBe('FAILED');
      expect(failed.failure).toMatchObject({ error: 'HomeRegionUnavailable', atStatus: 'SUBMITTED' });
      expect(failed.reasons?.map((r) => r.code)).toEqual(['HOME_REGION_UNAVAILABLE']);
      expect(await wf.rt.claims.payout(claimId)).toBeUndefined();
    } finally {
      wf.rt.homeRegion.simulator.down = false;
    }
  });

  it('a line the catalogue puts in category C pays nothing, whatever the bill says; a clerk looks', async () => {
    const visit = stay({
      ...unfiled,
      filings: [{ type: 'long_term', from: '2025-01-01', to: '2027-12-31' }],
    });
    const line = visit.bill.listDetail.find((l) => l.medicalCareType !== 3);
    if (!line) throw new Error('the generated bill has no category A or B line');
    wf.rt.homeRegion.simulator.setCatalogueEntry({ region: '330400', code: line.code, category: 'C' });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the client's catalogue cache
    try {
      const { claimId, token } = await file(visit);
      const view = await followClaim<ClaimView>(api, token, claimId, ['IN_REVIEW', 'PAID']);
      expect(view.status).toBe('IN_REVIEW');
      expect(view.reasons.map((r) => r.code)).toContain('CATALOGUE_CATEGORY_DISAGREES');
      const lines = view.benefit?.lines.filter((l) => l.code === line.code) ?? [];
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.category).toBe('C');
        expect(l.benefitFen).toBe(0);
      }
      expect(JSON.stringify(view.benefit?.notes)).toMatch(/catalogue version 2026\.\d+/);
    } finally {
      wf.rt.homeRegion.simulator.setCatalogueEntry({
        region: '330400',
        code: line.code,
        category: ({ 1: 'A', 2: 'B' } as const)[line.medicalCareType as 1 | 2],
      });
    }
  });
});
