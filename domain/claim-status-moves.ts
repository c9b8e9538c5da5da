import type { ClaimStatus } from './claim-status';

/**
 * The status moves a claim may make (DESIGN §4 and docs/workflow.md), as one table that every
 * write of a case passes (domain/claim-lifecycle.ts nextCase). Staying in a status is always
 * allowed (a field update). What the table keeps out: leaving PAID or REJECTED except by an
 * appeal; PAID from anywhere but an adjudication, an approval or an appeal's outcome; a step
 * jumping back into the pipeline except by a clerk's retry from the queue.
 */
const PIPELINE_EXITS: readonly ClaimStatus[] = ['IN_REVIEW', 'REJECTED', 'FAILED'];
/** A clerk's retry runs the claim from eligibility again (a FAILED case, an appealed rejection). */
const RETRY: readonly ClaimStatus[] = ['SUBMITTED', 'FETCHING'];

export const ALLOWED_STATUS_MOVES: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  SUBMITTED: ['FETCHING', ...PIPELINE_EXITS],
  FETCHING: ['WAITING_FOR_EBILL', 'READING', 'VERIFYING', ...PIPELINE_EXITS],
  WAITING_FOR_EBILL: ['READING', 'VERIFYING', ...PIPELINE_EXITS],
  READING: ['VERIFYING', ...PIPELINE_EXITS],
  VERIFYING: ['ADJUDICATED', ...PIPELINE_EXITS],
  ADJUDICATED: ['PAID', ...PIPELINE_EXITS],
  // A clerk decides: approve, reject, ask the citizen, retry. PAID here is an appeal upheld by a
  // clerk (the claim was paid before; nothing more is paid).
  IN_REVIEW: ['APPROVED', 'REJECTED', 'WAITING_FOR_INFO', 'FAILED', 'PAID', ...RETRY],
  FAILED: ['APPROVED', 'REJECTED', 'WAITING_FOR_INFO', 'IN_REVIEW', ...RETRY],
  WAITING_FOR_INFO: ['IN_REVIEW', 'REJECTED', 'FAILED'],
  APPROVED: ['PAID', 'IN_REVIEW', 'FAILED'],
  PAID: ['APPEALED'],
  REJECTED: ['APPEALED'],
  APPEALED: ['PAID', 'REJECTED', 'IN_REVIEW', 'APPROVED', 'FAILED'],
};

export function isAllowedStatusMove(from: ClaimStatus, to: ClaimStatus): boolean {
  return from === to || ALLOWED_STATUS_MOVES[from].includes(to);
}

/** A write that would move a case where the table does not allow: a bug, never retried. */
export class IllegalStatusMoveError extends Error {
  override readonly name = 'IllegalStatusMove';
}
