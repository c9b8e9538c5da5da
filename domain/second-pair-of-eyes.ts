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

/**
 * Maker-checker for an appeal's difference, as for any clerk decision: an appeal that pays more
 * goes to a clerk (and a checker) when the difference alone is above the threshold, or when it
 * takes the claim's benefit above the threshold and no checker confirmed what was paid before
 * (otherwise two appeals just under the threshold, or one raising an unchecked payout past it,
 * would pay money above the threshold that no second person saw).
 */
export function appealNeedsSecondClerk(input: {
  differenceFen: number;
  newBenefitFen: number;
  secondClerkAboveFen: number;
  /** A checker confirmed the decision the claim was paid on so far. */
  paidDecisionChecked: boolean;
}): boolean {
  const { differenceFen, newBenefitFen, secondClerkAboveFen, paidDecisionChecked } = input;
  if (differenceFen <= 0) return false;
  return differenceFen > secondClerkAboveFen || (newBenefitFen > secondClerkAboveFen && !paidDecisionChecked);
}
