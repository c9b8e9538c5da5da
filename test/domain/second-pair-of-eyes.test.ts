import { describe, expect, it } from 'vitest';
import { appealNeedsSecondClerk, needsSecondClerk } from '../../domain/second-pair-of-eyes';

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

describe('maker-checker on an appeal’s difference', () => {
  const threshold = 100_000;
  const rule = (differenceFen: number, newBenefitFen: number, paidDecisionChecked: boolean) =>
    appealNeedsSecondClerk({
      differenceFen,
      newBenefitFen,
      secondClerkAboveFen: threshold,
      paidDecisionChecked,
    });
  it('a difference above the threshold needs a second clerk, even on a checked payout', () => {
    expect(rule(100_001, 250_000, true)).toBe(true);
    expect(rule(100_001, 250_000, false)).toBe(true);
  });
  it('a small difference that takes an unchecked benefit above the threshold needs one too', () => {
    expect(rule(20_000, 110_000, false)).toBe(true);
    expect(rule(20_000, 110_000, true)).toBe(false);
  });
  it('a difference at or under the threshold that keeps the benefit under it, or no difference, does not', () => {
    expect(rule(100_000, 100_000, false)).toBe(false);
    expect(rule(0, 500_000, false)).toBe(false);
    expect(rule(-5_000, 500_000, false)).toBe(false);
  });
});
