import type { ClaimCase } from './claim';
import { QUEUE_STATUSES, TERMINAL_STATUSES, type ClaimStatus } from './claim-status';
import { IllegalStatusMoveError, isAllowedStatusMove } from './claim-status-moves';

/** The optional parts of a case a step may clear. */
export type RemovableField =
  | 'reasons'
  | 'failure'
  | 'taskToken'
  | 'queuedAt'
  | 'escalatedAt'
  | 'decision'
  | 'assignee'
  | 'pendingCheck'
  | 'adjustments'
  | 'infoRequest';

/** What a step may change on a case besides its status (identity, version and birth are the store's). */
export type CaseChanges = Partial<Omit<ClaimCase, 'claimId' | 'version' | 'status' | 'createdAt'>>;

/**
 * The case after a change at `at`: the changes merged, `remove` cleared, the version moved on.
 * Two clocks are kept here, so that every writer keeps them the same way:
 * - the queue clock (`queuedAt`) runs while a case is in a clerk's queue and is cleared when it
 *   leaves (its service level counts from it);
 * - `decidedAt` is set when a case first reaches a terminal status: the appeal window counts
 *   from it, not from later edits.
 */
export function nextCase(
  claim: ClaimCase,
  to: ClaimStatus,
  changes: CaseChanges,
  remove: readonly RemovableField[],
  at: string,
): ClaimCase {
  if (!isAllowedStatusMove(claim.status, to))
    throw new IllegalStatusMoveError(`claim ${claim.claimId} may not move from ${claim.status} to ${to}`);
  const dropped = new Set<string>(QUEUE_STATUSES.has(to) ? remove : [...remove, 'queuedAt']);
  const merged = { ...claim, ...changes, status: to, version: claim.version + 1, updatedAt: at };
  if (TERMINAL_STATUSES.has(to) && !TERMINAL_STATUSES.has(claim.status) && claim.decidedAt === undefined) {
    merged.decidedAt = at;
  }
  return Object.fromEntries(Object.entries(merged).filter(([k]) => !dropped.has(k))) as unknown as ClaimCase;
}
