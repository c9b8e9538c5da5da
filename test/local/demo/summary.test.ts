import { describe, expect, it } from 'vitest';
import type { ClaimStatus } from '../../../domain/claim-status';
import type { ClaimOutcome } from '../../../local/demo/outcome';
import type { VisitRole } from '../../../local/demo/plan';
import { demoFigures, homeRegionFigures } from '../../../local/demo/summary';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

/** A claim created at T0 that ended `status` after `endMs`, paying `paidFen` if PAID. */
function claim(
  n: number,
  status: ClaimStatus,
  endMs: number,
  extra: { paidFen?: number; role?: VisitRole; viaClerk?: boolean } = {},
): ClaimOutcome {
  const { paidFen = 0, role = 'normal', viaClerk = false } = extra;
  return {
    index: n,
    visit: n,
    insured: n,
    home: 'default',
    insuredKey: `person-${n % 3}`,
    duplicate: false,
    role,
    careType: 'outpatient',
    visitKey: `H1/MZ${n}`,
    clerk: { decision: 'approve' },
    claimId: `CLM-${n}`,
    last: {
      claimId: `CLM-${n}`,
      status,
      createdAt: at(0),
      updatedAt: at(endMs),
      reasons: status === 'REJECTED' ? [{ code: 'SETTLED_DIRECTLY' }] : [],
      timeline: [
        { at: at(0), fact: 'submitted' },
        ...(viaClerk ? [{ at: at(endMs / 2), fact: 'decided' }] : []),
        ...(status === 'PAID' ? [{ at: at(endMs), fact: 'paid' }] : []),
      ],
      ...(status === 'PAID' && { paidFen }),
    },
  };
}

describe('demo summary figures', () => {
  const batch = [
    claim(1, 'PAID', 1000, { paidFen: 10_050 }),
    claim(2, 'PAID', 3000, { paidFen: 20_000 }),
    claim(3, 'PAID', 2000, { paidFen: 0 }),
    claim(4, 'PAID', 9000, { paidFen: 5, role: 'issued_later' }),
    claim(5, 'PAID', 7000, { paidFen: 1, viaClerk: true }),
    claim(6, 'REJECTED', 500),
    claim(7, 'FAILED', 400),
  ];

  it('splits submit → paid by path, from the API’s timestamps', () => {
    const figures = demoFigures({ outcomes: batch, firstSubmitMs: T0 - 100 });
    expect(figures.latencies.straightThrough).toEqual({ count: 3, p50Ms: 2000, p95Ms: 3000, maxMs: 3000 });
    expect(figures.latencies.issuedLater).toMatchObject({ count: 1, p50Ms: 9000 });
    expect(figures.latencies.viaClerk).toMatchObject({ count: 1, p50Ms: 7000 });
    expect(figures.latencies.all).toMatchObject({ count: 5, p50Ms: 3000, p95Ms: 9000 });
  });

  it('counts statuses, reasons and money, and rates the batch from first submit to last terminal', () => {
    const figures = demoFigures({ outcomes: batch, firstSubmitMs: T0 - 1000 });
    expect(figures.statusCounts).toEqual({ PAID: 5, REJECTED: 1, FAILED: 1 });
    expect(figures.rejectionReasons).toEqual({ SETTLED_DIRECTLY: 1 });
    expect(figures.paidFen).toBe(30_056);
    expect(figures.transfers).toBe(4);
    expect(figures.insuredPaid).toBe(3);
    expect(figures.wallMs).toBe(10_000);
    expect(figures.claimsPerSecond).toBeCloseTo(0.7);
  });

  it('gives no rate while a claim has not finished', () => {
    const figures = demoFigures({ outcomes: [...batch, claim(8, 'FETCHING', 100)], firstSubmitMs: T0 });
    expect(figures.unfinished).toBe(1);
    expect(figures.claimsPerSecond).toBeUndefined();
  });

  it('counts what the home region decided: NOT_INSURED rejections, unfiled stays, catalogue corrections, the tier', () => {
    const notInsured = claim(9, 'REJECTED', 100);
    notInsured.last = { ...notInsured.last!, reasons: [{ code: 'NOT_INSURED' }] };
    const unfiled = claim(10, 'PAID', 100, { paidFen: 700 });
    unfiled.last = { ...unfiled.last!, visit: { filingType: 'unfiled' } };
    const corrected = claim(11, 'PAID', 100, { paidFen: 900 });
    corrected.last = {
      ...corrected.last!,
      visit: { filingType: 'long_term' },
      benefit: {
        policyId: 'jiaxing-employee-2026',
        benefitFen: 500,
        seriousIllnessFen: 400,
        catalogue: { version: '2026.3', corrections: 2 },
      },
    };
    const uncorrected = claim(12, 'PAID', 100, { paidFen: 100 });
    uncorrected.last = {
      ...uncorrected.last!,
      benefit: {
        policyId: 'jiaxing-employee-2026',
        benefitFen: 100,
        seriousIllnessFen: 0,
        catalogue: { version: '2026.3', corrections: 0 },
      },
    };
    const figures = homeRegionFigures([...batch, notInsured, unfiled, corrected, uncorrected]);
    expect(figures).toEqual({
      notInsuredRejected: 1,
      unfiledStays: 1,
      catalogueCorrections: { lines: 2, claims: 1 },
      seriousIllness: { claims: 1, fen: 400 },
    });
  });
});
