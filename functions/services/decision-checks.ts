import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CheckRequest, ClaimCase, ClerkDecision } from '../../domain/claim';
import type { ClaimStatus } from '../../domain/claim-status';
import { conflict } from '../shared/http-errors';
import { deps } from '../shared/dependencies';
import { logger, metrics } from '../shared/observability';
import { policyOf } from './adjudication';
import { carryOutDecision, clerkActor, requireWaitingForClerk, updateCase } from './clerk-work';

/**
 * A second clerk's check of a decision another clerk proposed above the policy's second-clerk
 * threshold (maker-checker; POST /claims/{claimId}/check). The maker cannot check their own
 * decision (409 maker_cannot_check). Confirming carries the decision out (the workflow resumes);
 * returning takes the proposal off the case, which waits in the queue again. A confirmation sent
 * twice by the same checker answers as the first did. Gives the claim's status after it.
 */
export async function checkDecisionOf(
  claim: ClaimCase,
  request: CheckRequest,
  checkerId: string,
): Promise<ClaimStatus> {
  const { claimId } = claim;
  const pending = claim.pendingCheck;
  if (!pending) {
    if (request.verdict === 'confirm' && claim.decision?.checkedBy === checkerId) return claim.status;
    throw conflict('nothing_to_check', `claim ${claimId} has no decision waiting for a check`);
  }
  if (pending.decision.clerkId === checkerId) {
    throw conflict(
      'maker_cannot_check',
      'the clerk who made a decision cannot also check it: ask another clerk',
    );
  }
  const taskToken = requireWaitingForClerk(claim);

  if (request.verdict === 'return') {
    const returnedCheck = {
      decision: pending.decision.decision,
      makerId: pending.decision.clerkId,
      checkerId,
      at: deps('now')().toISOString(),
      ...(request.note !== undefined && { note: request.note }),
    };
    const returned = await updateCase(
      claim,
      { returnedCheck },
      ['pendingCheck'],
      clerkActor(checkerId),
      'decision.returned',
    );
    metrics.addMetric('DecisionsReturnedByChecker', MetricUnit.Count, 1);
    logger.info('proposed decision returned by the checker', { claimId });
    return returned.status;
  }
  const decision: ClerkDecision = {
    ...pending.decision,
    checkedBy: checkerId,
    ...(request.note !== undefined && { checkNote: request.note }),
  };
  const decided = await carryOutDecision(claim, decision, taskToken, policyOf(claim));
  metrics.addMetric('DecisionsConfirmedByChecker', MetricUnit.Count, 1);
  logger.info('proposed decision confirmed by the checker', { claimId, decision: decision.decision });
  return decided.status;
}
