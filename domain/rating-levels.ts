/**
 * The five levels of 好差评 (domain/ratings.ts) and their names. No imports at all: the pages
 * offer the levels from this very list (web/src/components/rating-card.tsx), and the API's
 * schemas (domain/api/) name them.
 */
export const RATING_LEVELS = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const LEVEL_NAMES: Record<RatingLevel, { zh: string; en: string; score: number }> = {
  very_satisfied: { zh: '非常满意', en: 'Very satisfied', score: 5 },
  satisfied: { zh: '满意', en: 'Satisfied', score: 4 },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied', score: 3 },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied', score: 2 },
  very_dissatisfied: { zh: '非常不满意', en: 'Very dissatisfied', score: 1 },
};
