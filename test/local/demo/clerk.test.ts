import { describe, expect, it } from 'vitest';
import { clerkDecision, MAX_RETRIES_PER_CLAIM } from '../../../local/demo/clerk';

const approve = { clerk: { decision: 'approve' as const } };
const reject = { clerk: { decision: 'reject' as const, reasonCode: 'BILL_NOT_CONFIRMED' as const } };

describe('demo clerk', () => {
  it('decides nothing until the workflow waits for the decision', () => {
    expect(clerkDecision({ status: 'IN_REVIEW', awaitingDecision: false }, approve, 0)).toBeUndefined();
  });

  it('approves a case in review, or rejects it with the planned reason and a note', () => {
    expect(clerkDecision({ status: 'IN_REVIEW', awaitingDecision: true }, approve, 0)).toMatchObject({
      decision: 'approve',
    });
    expect(clerkDecision({ status: 'IN_REVIEW', awaitingDecision: true }, reject, 0)).toMatchObject({
      decision: 'reject',
      reasonCode: 'BILL_NOT_CONFIRMED',
      note: expect.any(String) as string,
    });
  });

  it('retries a failed case a few times, then leaves it in the queue for a person', () => {
    const failed = { status: 'FAILED' as const, awaitingDecision: true };
    expect(clerkDecision(failed, reject, 0)).toMatchObject({ decision: 'retry' });
    expect(clerkDecision(failed, approve, MAX_RETRIES_PER_CLAIM - 1)).toMatchObject({ decision: 'retry' });
    expect(clerkDecision(failed, approve, MAX_RETRIES_PER_CLAIM)).toBeUndefined();
  });
});
