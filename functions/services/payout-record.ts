import type { PayoutRecord } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import { yearOf } from '../../domain/dates';
import { deps } from '../shared/dependencies';

/** A payout of a claim as PayOut and PayAppealDifference record it: to whom, which year's totals. */
export function payoutRecordFor(
  claim: ClaimCase,
  amountFen: number,
  adjudicationSeq: number,
  appealNo?: number,
): PayoutRecord {
  return {
    claimId: claim.claimId,
    ...(appealNo !== undefined && { appealNo }),
    amountFen,
    bankAccount: claim.payout.bankAccount,
    accountName: claim.payout.accountName,
    insuredId: claim.insured.idNumberHash,
    year: yearOf(claim.visit.serviceDate),
    careType: claim.visit.careType,
    adjudicationSeq,
    createdAt: deps('now')().toISOString(),
  };
}

/** Many claims of one person contend for the accumulator: back off a random while (full jitter). */
export const contentionBackoff = (attempt: number, maxMs = 1000): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(maxMs, 10 * 2 ** attempt)));

/** Transient: many claims of one person at once; the state machine retries the step. */
export class PayoutContentionError extends Error {
  override readonly name = 'PayoutContention';
}
