import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CheckRequestSchema, type ClerkDecision } from '../domain/claim';
import { policyOf } from './services/adjudication';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireVisibleClaim } from './shared/auth';
import { carryOutDecision, clerkActor, requireWaitingForClerk, updateCase } from './services/clerk-work';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { conflict } from './shared/http-errors';
import { logger, metrics } from './shared/observability';

const route = API_ROUTES.CheckDecision;

/**
 * POST /claims/{claimId}/check: a second clerk of the region confirms or returns a decision
 * another clerk proposed above the policy's second-clerk threshold (maker-checker). The maker
 * cannot check their own decision. Confirming carries the decision out (the workflow resumes);
 * returning takes the proposal off the case, which waits in the queue again. A confirmation
 * sent twice by the same checker answers as the first did.
 */
export const checkDecision = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const request = parseBody(event, CheckRequestSchema);
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));

  const pending = claim.pendingCheck;
  if (!pending) {
    if (request.verdict === 'confirm' && claim.decision?.checkedBy === caller.sub) {
      return json(202, { claimId, verdict: request.verdict, status: claim.status });
    }
    throw conflict('nothing_to_check', `claim ${claimId} has no decision waiting for a check`);
  }
  if (pending.decision.clerkId === caller.sub) {
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
      checkerId: caller.sub,
      at: deps('now')().toISOString(),
      ...(request.note !== undefined && { note: request.note }),
    };
    const returned = await updateCase(
      claim,
      { returnedCheck },
      ['pendingCheck'],
      clerkActor(caller.sub),
      'decision.returned',
    );
    metrics.addMetric('DecisionsReturnedByChecker', MetricUnit.Count, 1);
    logger.info('proposed decision returned by the checker', { claimId });
    return json(202, { claimId, verdict: request.verdict, status: returned.status });
  }
  const decision: ClerkDecision = {
    ...pending.decision,
    checkedBy: caller.sub,
    ...(request.note !== undefined && { checkNote: request.note }),
  };
  const decided = await carryOutDecision(claim, decision, taskToken, policyOf(claim));
  metrics.addMetric('DecisionsConfirmedByChecker', MetricUnit.Count, 1);
  logger.info('proposed decision confirmed by the checker', { claimId, decision: decision.decision });
  return json(202, { claimId, verdict: request.verdict, status: decided.status });
});

export const handler = checkDecision;
