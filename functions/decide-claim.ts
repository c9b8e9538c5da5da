import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ClerkDecision } from '../domain/claim';
import { API_ROUTES } from './api-routes';
import { policyOf } from './services/adjudication';
import { DECISION_METRICS, proposeIfAboveThreshold, requireDecidable } from './services/clerk-decisions';
import {
  carryOutDecision,
  repeats,
  requireNotTakenByOther,
  requireWaitingForClerk,
} from './services/clerk-work';
import { requireVisibleClaim } from './shared/auth';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { logger, metrics } from './shared/observability';
import { routeHandler } from './shared/route-handler';

/**
 * POST /claims/{claimId}/decision: a clerk of the claim's home region decides a case waiting in
 * the queue (IN_REVIEW or FAILED, with a task token): approve, adjust lines, reject, retry, or
 * ask the citizen for information. An approval or adjustment paying more than the policy's
 * secondClerkAboveFen is recorded as a proposal for another clerk to check (maker-checker);
 * everything else is recorded on the case and the workflow resumed by its task token. The same
 * request sent again by the same clerk (a network retry) answers as the first did and changes
 * nothing. Another clerk's case is 409; a case of another region is 404.
 */
export const decideClaim = routeHandler(API_ROUTES.DecideClaim, async ({ caller, params, body: request }) => {
  const { claimId } = params;
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));

  if (repeats(claim.pendingCheck?.decision, request, caller.sub)) {
    return json(202, { claimId, decision: request.decision, status: claim.status, awaitingCheck: true });
  }
  if (repeats(claim.decision, request, caller.sub) && !claim.taskToken) {
    return json(202, { claimId, decision: request.decision, status: claim.status, awaitingCheck: false });
  }
  requireNotTakenByOther(claim, caller.sub);
  const taskToken = requireWaitingForClerk(claim);
  const latest = await requireDecidable(claim, request);
  const policy = claim.policyId ? policyOf(claim) : undefined;
  const decision: ClerkDecision = { ...request, clerkId: caller.sub, at: deps('now')().toISOString() };

  const proposed = await proposeIfAboveThreshold(claim, decision, policy, latest);
  if (proposed) {
    return json(202, { claimId, decision: decision.decision, status: proposed.status, awaitingCheck: true });
  }

  const decided = await carryOutDecision(claim, decision, taskToken, policy);
  metrics.addMetric(DECISION_METRICS[decision.decision], MetricUnit.Count, 1);
  logger.info('clerk decision recorded', { claimId, decision: decision.decision });
  return json(202, { claimId, decision: decision.decision, status: decided.status, awaitingCheck: false });
});

export const handler = decideClaim;
