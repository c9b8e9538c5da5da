import { describe, expect, it } from 'vitest';
import type { Transfer } from '../../../adapters/bank-api';
import type { ClaimStatus } from '../../../domain/claim-status';
import {
  checkAccepted,
  checkAnnualCaps,
  checkBankAgrees,
  checkOncePerVisit,
  checkSettled,
  checkNotInsuredRejected,
  checkSettledDirectlyNotPaid,
  checkUnfiledStays,
  runChecks,
} from '../../../local/demo/checks';
import type { ClaimOutcome } from '../../../local/demo/outcome';

const CAPS = { inpatient: 40_000_000, outpatient: 1_000_000, seriousIllness: 30_000_000 };

/** A claim as the demo saw it at the end; paid claims pay `paidFen` (benefit the same). */
function claim(
  n: number,
  status: ClaimStatus,
  extra: { paidFen?: number } & Partial<ClaimOutcome> = {},
): ClaimOutcome {
  const { paidFen, ...rest } = extra;
  return {
    index: n,
    visit: n,
    insured: n,
    home: 'default',
    insuredKey: `person-${n}`,
    duplicate: false,
    role: 'normal',
    careType: 'outpatient',
    visitKey: `H31010400002/MZ${n}`,
    clerk: { decision: 'approve' },
    claimId: `CLM-${n}`,
    last: {
      claimId: `CLM-${n}`,
      status,
      createdAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:05.000Z',
      reasons: [],
      timeline: [],
      ...(paidFen !== undefined && {
        paidFen,
        benefit: { policyId: 'jiaxing-employee-2026', benefitFen: paidFen, seriousIllnessFen: 0 },
      }),
    },
    ...rest,
  };
}

const transfer = (claimId: string, amountFen: number): Transfer => ({
  idempotencyKey: claimId,
  bankReference: `BK-${claimId}`,
  amountFen,
  maskedBankAccount: '****0042',
  reference: `crossclaim ${claimId}`,
  at: '2026-11-23T10:00:04.000Z',
});

describe('demo checks', () => {
  const good = [
    claim(1, 'PAID', { paidFen: 12_345 }),
    claim(2, 'PAID', { paidFen: 0 }),
    claim(3, 'REJECTED'),
    claim(4, 'FAILED'),
    claim(5, 'IN_REVIEW'),
  ];
  const goodLedger = [transfer('CLM-1', 12_345), transfer('CLM-999', 500)];

  it('all hold for a batch that ended well (transfers of other claims are not ours to judge)', () => {
    const results = runChecks(good, goodLedger, CAPS);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('flag a claim left neither terminal nor in the clerk queue', () => {
    const result = checkSettled([...good, claim(6, 'FETCHING'), claim(7, 'WAITING_FOR_EBILL')]);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toContain('CLM-6');
    expect(result.problems[0]).toContain('FETCHING');
  });

  it('flag a claim the API never took', () => {
    const notTaken: ClaimOutcome = {
      ...claim(8, 'SUBMITTED'),
      claimId: undefined,
      last: undefined,
      submitError: 'HTTP 503',
    };
    const result = checkAccepted([...good, notTaken]);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain('HTTP 503');
  });

  it('flag a PAID claim with no bank transfer', () => {
    const result = checkBankAgrees(good, [transfer('CLM-999', 500)]);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.stringContaining('CLM-1') as string]);
    expect(result.problems[0]).toContain('no bank transfer');
  });

  it('flag a double payment: two transfers for one claim, or one of another amount', () => {
    expect(
      checkBankAgrees(good, [transfer('CLM-1', 12_345), transfer('CLM-1', 12_345)]).problems[0],
    ).toContain('2 bank transfers');
    expect(checkBankAgrees(good, [transfer('CLM-1', 24_690)]).problems[0]).toContain(
      'the bank moved ¥246.90',
    );
  });

  it('flag money moved for a claim that is not PAID, or for a PAID claim of zero', () => {
    const result = checkBankAgrees(good, [...goodLedger, transfer('CLM-3', 100), transfer('CLM-2', 1)]);
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => p.includes('CLM-3') && p.includes('REJECTED'))).toBe(true);
    expect(result.problems.some((p) => p.includes('CLM-2') && p.includes('paid nothing'))).toBe(true);
  });

  it('leave the transfer of a claim still in flight to the check that names it', () => {
    const moving = claim(16, 'ADJUDICATED');
    const result = checkBankAgrees([moving], [transfer('CLM-16', 100)]);
    expect(result.ok).toBe(true);
    expect(result.detail).toContain('1 claim(s) still in flight not judged');
    expect(checkSettled([moving]).ok).toBe(false);
  });

  it('flag a PAID amount that is not the benefit', () => {
    const odd = claim(9, 'PAID', { paidFen: 100 });
    odd.last = {
      ...odd.last!,
      benefit: { policyId: 'jiaxing-employee-2026', benefitFen: 90, seriousIllnessFen: 0 },
    };
    expect(checkBankAgrees([odd], [transfer('CLM-9', 100)]).problems[0]).toContain('its benefit is ¥0.90');
  });

  it('count serious-illness insurance in the benefit a PAID amount must equal', () => {
    const both = claim(10, 'PAID', { paidFen: 100 });
    both.last = {
      ...both.last!,
      benefit: { policyId: 'jiaxing-employee-2026', benefitFen: 70, seriousIllnessFen: 30 },
    };
    expect(checkBankAgrees([both], [transfer('CLM-10', 100)]).problems).toEqual([]);
    both.last = {
      ...both.last,
      benefit: { policyId: 'jiaxing-employee-2026', benefitFen: 70, seriousIllnessFen: 20 },
    };
    expect(checkBankAgrees([both], [transfer('CLM-10', 100)]).problems[0]).toContain('its benefit is ¥0.90');
  });

  it('flag a visit paid twice through a duplicate submission', () => {
    const pair = [
      claim(10, 'PAID', { paidFen: 500, visitKey: 'H1/ZY1' }),
      claim(11, 'PAID', { paidFen: 500, visitKey: 'H1/ZY1', duplicate: true }),
    ];
    const result = checkOncePerVisit(pair);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain('H1/ZY1 was paid 2 times');
    expect(
      checkOncePerVisit([pair[0]!, { ...pair[1]!, last: { ...pair[1]!.last!, status: 'REJECTED' } }]).ok,
    ).toBe(true);
  });

  it('flag a bill settled directly at the hospital and paid again', () => {
    const settled = claim(12, 'PAID', { paidFen: 500, role: 'settled_directly' });
    expect(checkSettledDirectlyNotPaid([settled]).ok).toBe(false);
    expect(
      checkSettledDirectlyNotPaid([{ ...settled, last: { ...settled.last!, status: 'REJECTED' } }]).ok,
    ).toBe(true);
  });

  it('flag an insured person paid above the annual cap of a care type, summed over their claims', () => {
    const person = { insuredKey: 'person-x', careType: 'outpatient' as const };
    const withinCap = [
      claim(13, 'PAID', { paidFen: 600_000, ...person }),
      claim(14, 'PAID', { paidFen: 400_000, ...person }),
    ];
    expect(checkAnnualCaps(withinCap, CAPS).ok).toBe(true);
    const above = [...withinCap, claim(15, 'PAID', { paidFen: 1, ...person })];
    const result = checkAnnualCaps(above, CAPS);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain('above the cap of ¥10,000.00');
    // The same amounts spread over two care types stay within each cap.
    const spread = [
      ...withinCap,
      claim(15, 'PAID', { paidFen: 1, insuredKey: 'person-x', careType: 'inpatient' }),
    ];
    expect(checkAnnualCaps(spread, CAPS).ok).toBe(true);
  });

  it('count what direct settlements paid before the batch: a heavy user paid past the cap left is flagged', () => {
    const heavy = { insuredKey: 'person-h', careType: 'inpatient' as const, home: 'heavy_user' as const };
    const prior = new Map([
      ['person-h', { fundPaidFen: { inpatient: 39_500_000, outpatient: 0 }, seriousIllnessPaidFen: 300_000 }],
    ]);
    const paid = (fen: number, tier = 0) => {
      const c = claim(20, 'PAID', { paidFen: fen + tier, ...heavy });
      c.last = {
        ...c.last!,
        benefit: { policyId: 'jiaxing-employee-2026', benefitFen: fen, seriousIllnessFen: tier },
      };
      return c;
    };
    // ¥5,000 of the basic cap left: exactly that plus any tier payment holds.
    expect(checkAnnualCaps([paid(500_000, 2_000_000)], CAPS, prior).ok).toBe(true);
    const over = checkAnnualCaps([paid(500_001)], CAPS, prior);
    expect(over.ok).toBe(false);
    expect(over.problems[0]).toContain('above the cap of ¥400,000.00');
    // Without the home region's figures the same claim looks fine: the prior totals are what catch it.
    expect(checkAnnualCaps([paid(500_001)], CAPS).ok).toBe(true);
    // The tier's own cap, counted from what it had paid before.
    const tierOver = checkAnnualCaps([paid(0, 29_700_001)], CAPS, prior);
    expect(tierOver.problems[0]).toContain('serious-illness insurance paid ¥300,000.01');
  });

  it('flag a person the home region does not insure who was paid, or rejected for another reason', () => {
    const notInsured = (status: ClaimStatus, code?: string, paidFen?: number) => {
      const c = claim(30, status, { home: 'not_insured', ...(paidFen !== undefined && { paidFen }) });
      c.last = { ...c.last!, reasons: code ? [{ code }] : [] };
      return c;
    };
    expect(checkNotInsuredRejected([notInsured('REJECTED', 'NOT_INSURED')]).ok).toBe(true);
    expect(checkNotInsuredRejected([notInsured('PAID', undefined, 100)]).problems[0]).toContain(
      'yet it was PAID',
    );
    expect(checkNotInsuredRejected([notInsured('REJECTED', 'SETTLED_DIRECTLY')]).problems[0]).toContain(
      'without NOT_INSURED',
    );
    // Waiting for a clerk (the home region down, say) is not a wrong answer yet.
    expect(checkNotInsuredRejected([notInsured('FAILED')]).ok).toBe(true);
    // And an insured person is never refused as uninsured.
    const insured = claim(31, 'REJECTED');
    insured.last = { ...insured.last!, reasons: [{ code: 'NOT_INSURED' }] };
    expect(checkNotInsuredRejected([insured]).problems[0]).toContain('insures this person');
  });

  it('flag a stay whose filing type is not the home region’s: expired → unfiled, in force → filed', () => {
    const stay = (home: 'default' | 'filing_expired', filingType?: string) => {
      const c = claim(40, 'PAID', { paidFen: 100, home });
      c.last = { ...c.last!, ...(filingType && { visit: { filingType } }) };
      return c;
    };
    expect(checkUnfiledStays([stay('filing_expired', 'unfiled'), stay('default', 'long_term')]).ok).toBe(
      true,
    );
    expect(checkUnfiledStays([stay('filing_expired', 'long_term')]).problems[0]).toContain('expired');
    expect(checkUnfiledStays([stay('default', 'unfiled')]).problems[0]).toContain('filing in force');
    // Not checked for eligibility yet: nothing to judge.
    expect(checkUnfiledStays([stay('filing_expired')]).ok).toBe(true);
  });
});
