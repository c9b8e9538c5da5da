import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextCase } from '../../domain/claim-lifecycle';
import { CLAIM_STATUSES, TERMINAL_STATUSES, type ClaimStatus } from '../../domain/claim-status';
import {
  ALLOWED_STATUS_MOVES,
  IllegalStatusMoveError,
  isAllowedStatusMove,
} from '../../domain/claim-status-moves';
import type { ClaimCase } from '../../domain/claim';

const caseIn = (status: ClaimStatus) => ({ claimId: 'C1', status, version: 3 }) as unknown as ClaimCase;

describe('the table of allowed status moves', () => {
  it('leaves PAID and REJECTED only by an appeal', () => {
    for (const terminal of TERMINAL_STATUSES) expect(ALLOWED_STATUS_MOVES[terminal]).toEqual(['APPEALED']);
  });

  it('reaches PAID only from an adjudication, an approval or an appeal (and an appeal upheld in review)', () => {
    const intoPaid = CLAIM_STATUSES.filter((s) => s !== 'PAID' && isAllowedStatusMove(s, 'PAID'));
    expect(intoPaid.sort()).toEqual(['ADJUDICATED', 'APPEALED', 'APPROVED', 'IN_REVIEW']);
  });

  it('goes back to the start of the pipeline only from a clerk’s queue (a retry)', () => {
    const back = CLAIM_STATUSES.filter((s) => s !== 'SUBMITTED' && isAllowedStatusMove(s, 'SUBMITTED'));
    expect(back.sort()).toEqual(['FAILED', 'IN_REVIEW']);
  });

  it('nextCase moves along the table and refuses every other move (property over all pairs)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CLAIM_STATUSES), fc.constantFrom(...CLAIM_STATUSES), (from, to) => {
        const move = () => nextCase(caseIn(from), to, {}, [], '2026-01-01T00:00:00Z');
        if (isAllowedStatusMove(from, to)) expect(move().status).toBe(to);
        else expect(move).toThrow(IllegalStatusMoveError);
      }),
      { numRuns: 400 },
    );
  });
});
