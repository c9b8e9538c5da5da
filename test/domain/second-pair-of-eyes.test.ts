import { describe, expect, it } from 'vitest';
import { needsSecondClerk } from '../../domain/second-pair-of-eyes';

describe('maker-checker when PayOut re-adjudicates', () => {
  const threshold = 100_000;
  it('stops a payout that rose above the threshold a clerk saw, unless a checker confirmed', () => {
    expect(
      needsSecondClerk({ seenFen: 90_000, nowFen: 120_000, secondClerkAboveFen: threshold, checked: false }),
    ).toBe(true);
    expect(
      needsSecondClerk({ seenFen: 90_000, nowFen: 120_000, secondClerkAboveFen: threshold, checked: true }),
    ).toBe(false);
  });
  it('lets a payout through that stayed under the threshold, or fell', () => {
    expect(
      needsSecondClerk({ seenFen: 90_000, nowFen: 99_000, secondClerkAboveFen: threshold, checked: false }),
    ).toBe(false);
    expect(
      needsSecondClerk({ seenFen: 150_000, nowFen: 120_000, secondClerkAboveFen: threshold, checked: false }),
    ).toBe(false);
  });
});
