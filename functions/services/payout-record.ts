import type { PayoutRecord } from '../../adapters/claim-store';
import type { AdjudicationResult } from '../../domain/adjudication';
import type { ClaimCase } from '../../domain/claim';
import { yearOf } from '../../domain/dates';
import { deps } from '../shared/dependencies';

/** A payout of a claim as PayOut and PayAppealDifference record it: to whom, which year's totals. */
export function payoutRecordFor(
  claim: ClaimCase,
  amountFen: number,
  adjudicationSeq: number,
  appealNo?: number,
  tier?: SeriousIllnessPart,
): PayoutRecord {
  return {
    claimId: claim.claimId,
    ...(appealNo !== undefined && { appealNo }),
    amountFen,
    ...(tier && tier.seriousIllnessFen !== 0 && { seriousIllnessFen: tier.seriousIllnessFen }),
    ...(tier && tier.seriousIllnessBaseFen !== 0 && { seriousIllnessBaseFen: tier.seriousIllnessBaseFen }),
    bankAccount: claim.payout.bankAccount,
    accountName: claim.payout.accountName,
    insuredId: claim.insured.idNumberHash,
    year: yearOf(claim.visit.serviceDate),
    careType: claim.visit.careType,
    adjudicationSeq,
    createdAt: deps('now')().toISOString(),
  };
}

/** What of a payout is the serious-illness tier's, and what it adds to the tier's base of the year. */
export interface SeriousIllnessPart {
  seriousIllnessFen: number;
  seriousIllnessBaseFen: number;
}

/**
 * The tier's part of a result: what it pays, and the eligible self-paid costs it counts (only
 * when the policy's tier covers the claim's care type).
 */
export const tierPartOf = (result: AdjudicationResult): SeriousIllnessPart => ({
  seriousIllnessFen: result.seriousIllnessFen ?? 0,
  seriousIllnessBaseFen: result.seriousIllness
    ? result.deductibleFen + result.coinsuranceFen + result.overCapFen
    : 0,
});

/** The difference between two parts (an appeal's payout of a difference). */
export const tierDifference = (now: SeriousIllnessPart, before: SeriousIllnessPart): SeriousIllnessPart => ({
  seriousIllnessFen: now.seriousIllnessFen - before.seriousIllnessFen,
  seriousIllnessBaseFen: now.seriousIllnessBaseFen - before.seriousIllnessBaseFen,
});

/** Many claims of one person contend for the accumulator: back off a random while (full jitter). */
export const contentionBackoff = (attempt: number, maxMs = 1000): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(maxMs, 10 * 2 ** attempt)));

/** Transient: many claims of one person at once; the state machine retries the step. */
export class PayoutContentionError extends Error {
  override readonly name = 'PayoutContention';
}
