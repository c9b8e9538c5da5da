import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { InvalidToken, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { ClaimConflictError, type RemovableField } from '../adapters/claim-store';
import type { ClaimCase, ClerkDecision, ClerkDecisionRequest } from '../domain/claim';
import { ClerkDecisionRequestSchema } from '../domain/claim';
import { QUEUE_STATUSES } from '../domain/claim-status';
import { clerkRejectionReason } from '../domain/clerk-rejection-reasons';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireVisibleClaim } from './shared/auth';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { conflict, HttpError } from './shared/http-errors';
import { logger, metrics } from './shared/observability';
import { announceStatusChange } from './shared/claim-moves';
import type { AuditActor } from '../domain/audit-chain';

const route = API_ROUTES.DecideClaim;

/** The history knows a clerk by their user id (the token's subject). */
const clerkActor = (clerkId: string): AuditActor => ({ role: 'clerk', sub: clerkId });

const DECISION_METRICS = {
  approve: 'ClaimsApprovedByClerk',
  reject: 'ClaimsRejectedByClerk',
  retry: 'ClaimsRetriedByClerk',
} as const;

/** Only a case the workflow holds for a clerk (in the queue, with a task token) can be decided. */
async function requireDecidable(claim: ClaimCase, request: ClerkDecisionRequest): Promise<string> {
  if (!QUEUE_STATUSES.has(claim.status) || !claim.taskToken) {
    throw conflict(
      'not_waiting_for_clerk',
      `claim ${claim.claimId} is ${claim.status} and not waiting for a clerk`,
    );
  }
  if (request.decision === 'approve' && !(await deps('claims').latestAdjudication(claim.claimId))) {
    throw conflict('nothing_to_approve', `claim ${claim.claimId} was never adjudicated: retry or reject it`);
  }
  // A case in review has every step's result stored: running them again would only bring it back here.
  if (request.decision === 'retry' && claim.status !== 'FAILED') {
    throw conflict(
      'nothing_to_retry',
      `only a FAILED case can be retried; claim ${claim.claimId} is ${claim.status}`,
    );
  }
  return claim.taskToken;
}

/**
 * Writes the decision on the case, conditional on the version the clerk's request read, and
 * takes the task token off it: a second decision (another clerk, a double click) finds the case
 * no longer waiting. Approve moves the case to APPROVED; reject stores the clerk's reason, which
 * RecordRejection tells the citizen; retry leaves the status to CheckEligibility.
 */
async function recordDecision(claim: ClaimCase, decision: ClerkDecision): Promise<ClaimCase> {
  const claims = deps('claims');
  const audit = { actor: clerkActor(decision.clerkId) };
  try {
    switch (decision.decision) {
      case 'approve':
        return await claims.transition(claim, 'APPROVED', { decision }, ['taskToken'], audit);
      case 'reject': {
        const reasons = [clerkRejectionReason(decision.reasonCode, decision.note)];
        return await claims.transition(claim, claim.status, { decision, reasons }, ['taskToken'], audit);
      }
      case 'retry':
        return await claims.transition(claim, claim.status, { decision }, ['taskToken'], audit);
    }
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    throw conflict('claim_changed', `claim ${claim.claimId} changed while it was being decided; reload it`);
  }
}

/**
 * Puts the case back as it waited when the workflow could not be resumed, so the decision can
 * be made again. If the workflow moved the case meanwhile, the case is left as the workflow has it.
 */
async function undoDecision(decided: ClaimCase, original: ClaimCase): Promise<void> {
  const { taskToken, queuedAt, reasons, decision } = original;
  const cleared: RemovableField[] = [];
  if (reasons === undefined) cleared.push('reasons');
  if (decision === undefined) cleared.push('decision');
  try {
    await deps('claims').transition(
      decided,
      original.status,
      { taskToken, queuedAt, ...(reasons && { reasons }), ...(decision && { decision }) },
      cleared,
      { actor: clerkActor(decided.decision?.clerkId ?? 'unknown'), action: 'decision.withdrawn' },
    );
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    logger.warn('the case moved on before a failed decision could be undone', { claimId: original.claimId });
  }
}

/** The state machine's ReviewDecision reads `$.review.decision`: approve, reject or retry. */
async function resumeWorkflow(taskToken: string, decision: ClerkDecision['decision']): Promise<void> {
  await deps('sfn').send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ decision }) }));
}

const isStaleToken = (error: unknown): boolean =>
  error instanceof TaskDoesNotExist || error instanceof InvalidToken || error instanceof TaskTimedOut;

/**
 * POST /claims/{claimId}/decision: a clerk of the claim's home region decides a case waiting in
 * the queue (IN_REVIEW or FAILED, with a task token). The decision is recorded on the case
 * first, with a conditional write, then the workflow is resumed with SendTaskSuccess. A case not
 * waiting for a clerk is 409; one of another region is 404, as if it did not exist.
 */
export const decideClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const request = parseBody(event, ClerkDecisionRequestSchema);
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
  const taskToken = await requireDecidable(claim, request);

  const decision: ClerkDecision = { ...request, clerkId: caller.sub, at: deps('now')().toISOString() };
  const decided = await recordDecision(claim, decision);
  try {
    await resumeWorkflow(taskToken, decision.decision);
  } catch (error) {
    await undoDecision(decided, claim);
    if (isStaleToken(error)) {
      throw conflict('not_waiting_for_clerk', `the workflow of claim ${claimId} stopped waiting; reload it`);
    }
    logger.error('a clerk decision could not resume the workflow', { claimId, error: (error as Error).name });
    throw new HttpError(503, 'workflow_unavailable', 'the decision was not recorded; try again shortly');
  }
  if (decided.status !== claim.status) await announceStatusChange(claim, decided);
  metrics.addMetric(DECISION_METRICS[decision.decision], MetricUnit.Count, 1);
  logger.info('clerk decision recorded', { claimId, decision: decision.decision });
  return json(202, { claimId, decision: decision.decision, status: decided.status });
});

export const handler = decideClaim;
