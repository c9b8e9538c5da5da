import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import canonicalize from 'canonicalize';
import { ClaimConflictError, type RemovableField } from '../../adapters/claim-store';
import type { AuditActor, AuditAction } from '../../domain/audit-chain';
import type { ClaimCase, ClerkDecision, ClerkDecisionRequest, LineAdjustment } from '../../domain/claim';
import { QUEUE_STATUSES } from '../../domain/claim-status';
import { clerkRejectionReason } from '../../domain/clerk-rejection-reasons';
import { DEFAULT_REVIEW_RULES, type CompiledPolicy } from '../../domain/policy';
import { InvalidInputError, type InputIssue } from '../../domain/validation';
import { policyOf } from './adjudication';
import { announceStatusChange } from './claim-moves';
import { deps } from '../shared/dependencies';
import { conflict, HttpError } from '../shared/http-errors';
import { logger } from '../shared/observability';
import { isStaleToken } from '../shared/task-tokens';

/**
 * What clerks do to a case, shared by the decision, check and assignment routes: who holds a
 * case, recording a decision with a conditional write, resuming the workflow by its task token,
 * and undoing the record when the workflow cannot be resumed.
 */

/** The history knows a clerk by their user id (the token's subject). */
export const clerkActor = (clerkId: string): AuditActor => ({ role: 'clerk', sub: clerkId });

const DAY_SECONDS = 86_400;

/** How long a case may wait for a clerk under its policy (the default before a policy is known). */
export const slaHoursOf = (claim: ClaimCase): number =>
  (claim.policyId ? policyOf(claim).review : DEFAULT_REVIEW_RULES).clerkSlaHours;

/** A case another clerk has taken is theirs until they release it. */
export function requireNotTakenByOther(claim: ClaimCase, clerkId: string): void {
  if (claim.assignee && claim.assignee.clerkId !== clerkId) {
    throw conflict(
      'assigned_to_other',
      `claim ${claim.claimId} is being worked by clerk ${claim.assignee.clerkId} since ${claim.assignee.at}`,
    );
  }
}

/** Only a case the workflow holds for a clerk (in the queue, with a task token) can be decided. */
export function requireWaitingForClerk(claim: ClaimCase): string {
  if (!QUEUE_STATUSES.has(claim.status) || !claim.taskToken) {
    throw conflict(
      'not_waiting_for_clerk',
      `claim ${claim.claimId} is ${claim.status} and not waiting for a clerk`,
    );
  }
  return claim.taskToken;
}

/** The clerk's line caps, checked against the lines of the latest adjudication. */
export function checkAdjustments(
  lines: readonly LineAdjustment[],
  adjudicated: readonly { seq: number; submittedFen: number }[],
): void {
  const issues: InputIssue[] = [];
  lines.forEach((line, i) => {
    const target = adjudicated.find((l) => l.seq === line.seq);
    if (!target) {
      issues.push({
        path: `lines.${i}.seq`,
        message: `there is no line ${line.seq} (1–${adjudicated.length})`,
      });
    } else if (line.allowedFen > target.submittedFen) {
      issues.push({
        path: `lines.${i}.allowedFen`,
        message: `${line.allowedFen} is more than the ${target.submittedFen} fen billed on line ${line.seq}`,
      });
    }
  });
  if (issues.length > 0) throw new InvalidInputError('request body', issues);
}

/** Whether a request repeats a decision already recorded by the same clerk (a network retry). */
export function repeats(
  recorded: ClerkDecision | undefined,
  request: ClerkDecisionRequest,
  clerkId: string,
): boolean {
  if (!recorded || recorded.clerkId !== clerkId) return false;
  // Who checked it, and what they noted, is not part of what the maker sent.
  const { clerkId: _c, at: _a, checkedBy: _k, checkNote: _n, ...content } = recorded;
  return canonicalize(content) === canonicalize(request);
}

/** How long a request for information gives the citizen: the clerk's days, else the policy's. */
function infoDeadlineSeconds(
  decision: Extract<ClerkDecision, { decision: 'request_info' }>,
  policy: CompiledPolicy | undefined,
): number {
  const days = decision.deadlineDays ?? (policy?.review ?? DEFAULT_REVIEW_RULES).infoDeadlineDays;
  return days * DAY_SECONDS;
}

/** An appeal's difference waiting for a clerk: approving pays it, rejecting upholds the appeal. */
export const appealDifferenceInReview = (claim: ClaimCase) =>
  claim.appeals?.find((a) => a.status === 'DIFFERENCE_IN_REVIEW');

/** What the state machine's ReviewDecision reads from `$.review`. */
function workflowOutput(decision: ClerkDecision, policy: CompiledPolicy | undefined, claim: ClaimCase) {
  // ReviewDecision takes an appeal's difference to PayAppealDifference, not to PayOut.
  if (appealDifferenceInReview(claim)) return { decision: decision.decision, appealDifference: true };
  if (decision.decision !== 'request_info') return { decision: decision.decision };
  return { decision: decision.decision, infoDeadlineSeconds: infoDeadlineSeconds(decision, policy) };
}

const LEAVING_REVIEW: RemovableField[] = ['taskToken', 'pendingCheck', 'assignee'];

/**
 * Writes the decision on the case, conditional on the version the clerk's request read, and
 * takes the task token off it: a second decision (another clerk, a double click) finds the case
 * no longer waiting. Approve and adjust move the case to APPROVED (PayOut applies the adjusted
 * lines); reject stores the clerk's reason, which RecordRejection tells the citizen; retry leaves
 * the status to CheckEligibility; request_info stores the question for the citizen.
 */
async function recordDecision(
  claim: ClaimCase,
  decision: ClerkDecision,
  policy: CompiledPolicy | undefined,
): Promise<ClaimCase> {
  const claims = deps('claims');
  const audit = { actor: clerkActor(decision.checkedBy ?? decision.clerkId) };
  try {
    switch (decision.decision) {
      case 'approve':
        return await claims.transition(claim, 'APPROVED', { decision }, LEAVING_REVIEW, audit);
      case 'adjust':
        return await claims.transition(
          claim,
          'APPROVED',
          { decision, adjustments: decision.lines },
          LEAVING_REVIEW,
          audit,
        );
      case 'reject': {
        const reasons = [clerkRejectionReason(decision.reasonCode, decision.note)];
        return await claims.update(claim, { decision, reasons }, LEAVING_REVIEW, audit);
      }
      case 'retry':
        return await claims.update(claim, { decision }, LEAVING_REVIEW, audit);
      case 'request_info': {
        const infoRequest = {
          question: decision.question,
          askedBy: decision.clerkId,
          askedAt: decision.at,
          deadline: new Date(
            Date.parse(decision.at) + infoDeadlineSeconds(decision, policy) * 1000,
          ).toISOString(),
        };
        // The clerk who asked keeps the case: the answer comes back to them.
        return await claims.transition(
          claim,
          claim.status,
          { decision, infoRequest },
          ['taskToken', 'pendingCheck'],
          audit,
        );
      }
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
async function undoDecision(decided: ClaimCase, original: ClaimCase, actor: AuditActor): Promise<void> {
  const restorable = [
    'reasons',
    'decision',
    'adjustments',
    'infoRequest',
    'pendingCheck',
    'assignee',
  ] as const;
  const restored: Partial<ClaimCase> = { taskToken: original.taskToken, queuedAt: original.queuedAt };
  const cleared: RemovableField[] = [];
  for (const field of restorable) {
    if (original[field] === undefined) cleared.push(field);
    else Object.assign(restored, { [field]: original[field] });
  }
  try {
    await deps('claims').transition(decided, original.status, restored, cleared, {
      actor,
      action: 'decision.withdrawn',
    });
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    logger.warn('the case moved on before a failed decision could be undone', { claimId: original.claimId });
  }
}

/**
 * Records a decision on the case, then resumes the workflow with SendTaskSuccess. If the
 * workflow cannot take it, the record is undone and the clerk told why (409 when the workflow
 * stopped waiting, 503 when Step Functions could not be reached).
 */
export async function carryOutDecision(
  claim: ClaimCase,
  decision: ClerkDecision,
  taskToken: string,
  policy: CompiledPolicy | undefined,
): Promise<ClaimCase> {
  const decided = await recordDecision(claim, decision, policy);
  try {
    await deps('sfn').send(
      new SendTaskSuccessCommand({
        taskToken,
        output: JSON.stringify(workflowOutput(decision, policy, claim)),
      }),
    );
  } catch (error) {
    await undoDecision(decided, claim, clerkActor(decision.checkedBy ?? decision.clerkId));
    if (isStaleToken(error)) {
      throw conflict(
        'not_waiting_for_clerk',
        `the workflow of claim ${claim.claimId} stopped waiting; reload it`,
      );
    }
    logger.error('a clerk decision could not resume the workflow', {
      claimId: claim.claimId,
      error: (error as Error).name,
    });
    throw new HttpError(503, 'workflow_unavailable', 'the decision was not recorded; try again shortly');
  }
  if (decided.status !== claim.status) await announceStatusChange(claim, decided);
  return decided;
}

/** A change to the case that is not a decision (taking, releasing, returning a proposal). */
export async function updateCase(
  claim: ClaimCase,
  changes: Partial<ClaimCase>,
  remove: RemovableField[],
  actor: AuditActor,
  action: AuditAction,
): Promise<ClaimCase> {
  try {
    return await deps('claims').update(claim, changes, remove, { actor, action });
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    throw conflict('claim_changed', `claim ${claim.claimId} changed meanwhile; reload it`);
  }
}
