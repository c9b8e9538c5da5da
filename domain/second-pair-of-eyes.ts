/**
 * Maker-checker for money that changes after a clerk looked. A payout re-adjudicated at PayOut
 * (the year's totals moved since) may pay more than the amount a clerk approved; when it rises
 * above the policy's secondClerkAboveFen and no second clerk confirmed the decision, it is not
 * paid: the case goes back to the queue, where approving it again takes the clerk and checker.
 */
export function needsSecondClerk(input: {
  /** The benefit the decision was taken on (the adjudication before PayOut re-adjudicated). */
  seenFen: number;
  /** The benefit PayOut would pay now. */
  nowFen: number;
  secondClerkAboveFen: number;
  /** A checker confirmed the decision (decision.checkedBy). */
  checked: boolean;
}): boolean {
  const { seenFen, nowFen, secondClerkAboveFen, checked } = input;
  return !checked && nowFen > secondClerkAboveFen && nowFen > seenFen;
}

/** Thrown by PayOut instead of paying; the state machine's Catch records it and queues the case. */
export class SecondClerkRequiredError extends Error {
  override readonly name = 'SecondClerkRequired';
}
