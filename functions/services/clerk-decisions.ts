import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { paidToCitizenFen, type AdjudicationResult } from '../../domain/adjudication';
import type { ClaimCase, ClerkDecision, ClerkDecisionRequest } from '../../domain/claim';
import type { CompiledPolicy } from '../../domain/policy';
import { yearTotalsOf } from '../home-region/year-totals';
import { deps } from '../shared/dependencies';
import { conflict } from '../shared/http-errors';
import { logger, metrics } from '../shared/observability';
import { computeAdjudication } from './adjudication';
import { reopenedAppeal } from './appeal-adjudication';
import { appealDifferenceInReview, checkAdjustments, clerkActor, updateCase } from './clerk-work';

/**
 * What POST /claims/{claimId}/decision checks and decides before it records a clerk's decision
 * (functions/decide-claim.ts): whether the case can be decided this way, and whether the
 * decision pays enough to need a second clerk's check.
 */
export const DECISION_METRICS = {
  approve: 'ClaimsApprovedByClerk',
  adjust: 'ClaimsAdjustedByClerk',
  reject: 'ClaimsRejectedByClerk',
  retry: 'ClaimsRetriedByClerk',
  request_info: 'InformationRequestedByClerk',
} as const;

/** What a decision can be made on: approve and adjust need an adjudication, retry a failed case. */
export async function requireDecidable(claim: ClaimCase, request: ClerkDecisionRequest) {
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
 * An approval or adjustment paying more than the policy's secondClerkAboveFen is recorded as a
 * proposal for another clerk to check (maker-checker): the proposed case, or undefined when the
 * decision may be carried out at once.
 */
export async function proposeIfAboveThreshold(
  claim: ClaimCase,
  decision: ClerkDecision,
  policy: CompiledPolicy | undefined,
  latest: { result: AdjudicationResult } | undefined,
): Promise<ClaimCase | undefined> {
  if ((decision.decision !== 'approve' && decision.decision !== 'adjust') || !policy || !latest)
    return undefined;
  const benefitFen = await benefitOf(claim, decision, policy, paidToCitizenFen(latest.result));
  if (benefitFen <= policy.review.secondClerkAboveFen) return undefined;
  const proposed = await updateCase(
    claim,
    { pendingCheck: { decision, benefitFen } },
    [],
    clerkActor(decision.clerkId),
    'decision.proposed',
  );
  metrics.addMetric('DecisionsAwaitingCheck', MetricUnit.Count, 1);
  logger.info('decision proposed for a second clerk', {
    claimId: claim.claimId,
    decision: decision.decision,
  });
  return proposed;
}
