import { paidToCitizenFen } from '../domain/adjudication';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ClaimCase, ClerkDecision, ClerkDecisionRequest } from '../domain/claim';
import { ClerkDecisionRequestSchema } from '../domain/claim';
import type { CompiledPolicy } from '../domain/policy';
import { computeAdjudication, policyOf } from './services/adjudication';
import { yearTotalsOf } from './home-region/year-totals';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireVisibleClaim } from './shared/auth';
import {
  appealDifferenceInReview,
  carryOutDecision,
  checkAdjustments,
  clerkActor,
  repeats,
  requireNotTakenByOther,
  requireWaitingForClerk,
  updateCase,
} from './services/clerk-work';
import { reopenedAppeal } from './services/appeal-adjudication';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { conflict } from './shared/http-errors';
import { logger, metrics } from './shared/observability';

const route = API_ROUTES.DecideClaim;

const DECISION_METRICS = {
  approve: 'ClaimsApprovedByClerk',
  adjust: 'ClaimsAdjustedByClerk',
  reject: 'ClaimsRejectedByClerk',
  retry: 'ClaimsRetriedByClerk',
  request_info: 'InformationRequestedByClerk',
} as const;

/** What a decision can be made on: approve and adjust need an adjudication, retry a failed case. */
async function requireDecidable(claim: ClaimCase, request: ClerkDecisionRequest) {
  if (claim.pendingCheck) {
    throw conflict(
      'awaiting_check',
      `claim ${claim.claimId} has a decision waiting for a second clerk's check (POST /claims/${claim.claimId}/check)`,
    );
  }
  if (appealDifferenceInReview(claim) && request.decision !== 'approve' && request.decision !== 'reject') {
    throw conflict(
      'appeal_difference',
      `claim ${claim.claimId} waits for a decision on an appeal's difference: approve (pay it) or reject (uphold the appeal)`,
    );
  }
  const latest = await deps('claims').latestAdjudication(claim.claimId);
  if ((request.decision === 'approve' || request.decision === 'adjust') && !latest) {
    throw conflict('nothing_to_approve', `claim ${claim.claimId} was never adjudicated: retry or reject it`);
  }
  const appeal = reopenedAppeal(claim);
  // A case in review has every step's result stored: running them again would only bring it back
  // here. An appealed rejection is the exception: it is run again so its bills are checked again.
  if (request.decision === 'retry' && claim.status !== 'FAILED' && !appeal) {
    throw conflict(
      'nothing_to_retry',
      `only a FAILED case or an appealed rejection can be retried; claim ${claim.claimId} is ${claim.status}`,
    );
  }
  // Approving an appealed rejection pays on checks made before it was rejected: run it again first.
  if ((request.decision === 'approve' || request.decision === 'adjust') && appeal && latest) {
    if (latest.createdAt < appeal.filedAt) {
      throw conflict(
        'appeal_needs_rerun',
        `claim ${claim.claimId} was rejected and appealed: retry it so its bills are checked again, then decide`,
      );
    }
  }
  if (request.decision === 'adjust' && latest) checkAdjustments(request.lines, latest.result.lines);
  return latest;
}

/** The benefit a decision would pay: the adjudicated one, or the engine's result with the clerk's caps. */
async function benefitOf(
  claim: ClaimCase,
  decision: ClerkDecision,
  policy: CompiledPolicy,
  adjudicated: number,
) {
  if (decision.decision !== 'adjust') return adjudicated;
  const result = await computeAdjudication(claim, policy, (await yearTotalsOf(claim)).totals, decision.lines);
  return paidToCitizenFen(result);
}

/**
 * POST /claims/{claimId}/decision: a clerk of the claim's home region decides a case waiting in
 * the queue (IN_REVIEW or FAILED, with a task token): approve, adjust lines, reject, retry, or
 * ask the citizen for information. An approval or adjustment paying more than the policy's
 * secondClerkAboveFen is recorded as a proposal for another clerk to check (maker-checker);
 * everything else is recorded on the case and the workflow resumed by its task token. The same
 * request sent again by the same clerk (a network retry) answers as the first did and changes
 * nothing. Another clerk's case is 409; a case of another region is 404.
 */
export const decideClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const request = parseBody(event, ClerkDecisionRequestSchema);
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

  if ((decision.decision === 'approve' || decision.decision === 'adjust') && policy && latest) {
    const benefitFen = await benefitOf(claim, decision, policy, paidToCitizenFen(latest.result));
    if (benefitFen > policy.review.secondClerkAboveFen) {
      const proposed = await updateCase(
        claim,
        { pendingCheck: { decision, benefitFen } },
        [],
        clerkActor(caller.sub),
        'decision.proposed',
      );
      metrics.addMetric('DecisionsAwaitingCheck', MetricUnit.Count, 1);
      logger.info('decision proposed for a second clerk', { claimId, decision: decision.decision });
      return json(202, {
        claimId,
        decision: decision.decision,
        status: proposed.status,
        awaitingCheck: true,
      });
    }
  }

  const decided = await carryOutDecision(claim, decision, taskToken, policy);
  metrics.addMetric(DECISION_METRICS[decision.decision], MetricUnit.Count, 1);
  logger.info('clerk decision recorded', { claimId, decision: decision.decision });
  return json(202, { claimId, decision: decision.decision, status: decided.status, awaitingCheck: false });
});

export const handler = decideClaim;
