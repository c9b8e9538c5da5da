import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { stepActor } from '../../domain/audit-chain';
import type { ClaimCase } from '../../domain/claim';
import { attachOwnBills } from '../shared/attach-bills';
import { deps } from '../shared/dependencies';
import { logger, metrics } from '../shared/observability';
import { isStaleToken } from '../shared/task-tokens';

const actor = stepActor('RefetchWaitingBills');

export interface RefetchOptions {
  /** Only claims parked at least this long: a bill's own event usually comes first. */
  minWaitMs: number;
  /** At most this many claims a run, oldest first in each region. */
  limit: number;
}

export interface RefetchOutcome {
  /** Claims found parked for their bill long enough to ask again. */
  asked: number;
  /** Of those, resumed with the bill the hospital gave. */
  resumed: number;
  /** Hospitals that did not answer this time (asked again next run). */
  unanswered: number;
}

/**
 * Asks the hospitals again for the bills of claims parked in WAITING_FOR_EBILL. The bill's
 * EBill.Issued event normally resumes such a claim, but an event can be lost (a dead-lettered
 * delivery, a hospital that issued the bill and never pushed it); without this the claim would
 * wait for its policy's eBillWaitHours and then go to a clerk as not issued in time. A bill found
 * now is stored with the claim, only if the claimant is its payer (as AwaitEBill does), and the
 * waiting task is resumed; a token used meanwhile (the event came after all) is left alone.
 */
export async function refetchWaitingBills(options: RefetchOptions): Promise<RefetchOutcome> {
  const claims = deps('claims');
  const cutoff = deps('now')().getTime() - options.minWaitMs;
  const outcome: RefetchOutcome = { asked: 0, resumed: 0, unanswered: 0 };
  for (const region of deps('policies').regions()) {
    const parked = await claims.queue(region, 'WAITING_FOR_EBILL', options.limit);
    for (const claim of parked) {
      if (outcome.asked >= options.limit) break;
      if (!claim.taskToken || Date.parse(claim.updatedAt) > cutoff) continue;
      outcome.asked += 1;
      const result = await resumeIfIssued(claim).catch((error: unknown) => {
        logger.warn('a hospital was not reachable for a parked claim', {
          claimId: claim.claimId,
          error: (error as Error).name,
        });
        return 'unanswered' as const;
      });
      if (result === 'resumed') outcome.resumed += 1;
      if (result === 'unanswered') outcome.unanswered += 1;
    }
  }
  metrics.addMetric('ParkedClaimsResumedByRefetch', MetricUnit.Count, outcome.resumed);
  if (outcome.resumed > 0) logger.info('parked claims resumed by a refetch', { ...outcome });
  return outcome;
}

async function resumeIfIssued(claim: ClaimCase): Promise<'resumed' | 'already_resumed' | 'still_waiting'> {
  const fetched = await deps('hospitals').fetchEBills(claim.hospitalCode, {
    visitNo: claim.visit.visitNo,
    idNumberHash: claim.insured.idNumberHash,
  });
  if (fetched.status !== 'issued') return 'still_waiting';
  const own = await attachOwnBills(claim, fetched.bills, actor);
  if (own.length === 0) return 'still_waiting';
  try {
    await deps('sfn').send(
      new SendTaskSuccessCommand({
        taskToken: claim.taskToken,
        output: JSON.stringify({ claimId: claim.claimId, billCount: own.length }),
      }),
    );
    return 'resumed';
  } catch (error) {
    // The bill's event resumed it meanwhile: nothing left to do.
    if (isStaleToken(error)) return 'already_resumed';
    throw error;
  }
}
