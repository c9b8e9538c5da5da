import type { YearToDateTotals } from './claim-adjudication';
import type { CareType } from './schema-primitives';

/** What the fund has paid an insured person in a year, per care type; versioned for optimistic locking. */
export interface Accumulator extends YearToDateTotals {
  version: number;
}

export interface PayoutRecord {
  claimId: string;
  amountFen: number;
  bankAccount: string;
  accountName: string;
  insuredId: string;
  year: number;
  careType: CareType;
  adjudicationSeq: number;
  createdAt: string;
  /** The bank's reference once the transfer is instructed; absent until then. */
  bankReference?: string;
  /** Set on the payout of an appeal's difference: which appeal. */
  appealNo?: number;
  /** What this payout added to the year's deductible met (negative when an appeal lowered it). */
  deductibleAppliedFen?: number;
  /** The part of `amountFen` serious-illness insurance pays (the rest is the basic fund's); 0 when absent. */
  seriousIllnessFen?: number;
  /** What this payout added to the tier's base of the year (eligible self-paid costs); 0 when absent. */
  seriousIllnessBaseFen?: number;
}

/** The basic fund's part of a payout. */
export const fundPartOf = (payout: Pick<PayoutRecord, 'amountFen' | 'seriousIllnessFen'>): number =>
  payout.amountFen - (payout.seriousIllnessFen ?? 0);

/** The bank's idempotency key of a payout: the claim id, or the claim id and the appeal. */
export const transferKeyOf = (payout: Pick<PayoutRecord, 'claimId' | 'appealNo'>): string =>
  payout.appealNo === undefined ? payout.claimId : `${payout.claimId}-appeal-${payout.appealNo}`;

const EMPTY_BY_CARE_TYPE = (): Record<CareType, number> => ({ inpatient: 0, outpatient: 0 });

/** A year nothing has been paid in yet: version 0, which the first payout creates. */
export const emptyAccumulator = (): Accumulator => ({
  version: 0,
  fundPaidFen: EMPTY_BY_CARE_TYPE(),
  deductibleMetFen: EMPTY_BY_CARE_TYPE(),
  admissions: 0,
  seriousIllnessPaidFen: 0,
  seriousIllnessBaseFen: 0,
});

/**
 * The year's totals after a payout: the fund paid (its basic-fund part) and the deductible met
 * grow by the payout's care type, the serious-illness tier's paid and base by its part, an inpatient stay counts one admission (an appeal's difference is the same stay,
 * so it counts none), and the version moves on by one.
 */
export function accumulatorAfter(
  accumulator: Accumulator,
  payout: Pick<PayoutRecord, 'careType' | 'amountFen' | 'seriousIllnessFen' | 'seriousIllnessBaseFen'>,
  deductibleAppliedFen: number,
  isAppeal: boolean,
): Accumulator {
  const { careType } = payout;
  return {
    version: accumulator.version + 1,
    admissions: accumulator.admissions + (careType === 'inpatient' && !isAppeal ? 1 : 0),
    fundPaidFen: {
      ...accumulator.fundPaidFen,
      [careType]: accumulator.fundPaidFen[careType] + fundPartOf(payout),
    },
    seriousIllnessPaidFen: (accumulator.seriousIllnessPaidFen ?? 0) + (payout.seriousIllnessFen ?? 0),
    seriousIllnessBaseFen: (accumulator.seriousIllnessBaseFen ?? 0) + (payout.seriousIllnessBaseFen ?? 0),
    deductibleMetFen: {
      ...accumulator.deductibleMetFen,
      [careType]: accumulator.deductibleMetFen[careType] + deductibleAppliedFen,
    },
  };
}
