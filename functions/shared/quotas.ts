import { quotaDay, quotaExceededMessage, type QuotaKind } from '../../domain/abuse-limits';
import { deps } from './dependencies';
import { HttpError } from './http-errors';

/**
 * Takes one of the citizen's daily `kind` quota before anything is stored; over the limit it
 * answers 429 with a bilingual message and nothing else changes (the counter's conditional
 * update refuses, so it does not move either).
 */
export async function takeDailyQuota(subject: string, kind: QuotaKind): Promise<void> {
  const limit = deps('abuseLimits').perCitizenPerDay[kind];
  const taken = await deps('claims').takeQuota(subject, quotaDay(deps('now')()), kind, limit);
  if (!taken) throw new HttpError(429, 'quota_exceeded', quotaExceededMessage(kind, limit));
}

/**
 * The daily quota as an item of the transaction that stores what it counts (a claim): taken only
 * if that is stored. `refusal` is the answer when the item's condition cancels the transaction.
 */
export function dailyQuotaItem(subject: string, kind: QuotaKind) {
  const limit = deps('abuseLimits').perCitizenPerDay[kind];
  return {
    item: deps('claims').citizens.quotaItem(subject, quotaDay(deps('now')()), kind, limit),
    refusal: () => new HttpError(429, 'quota_exceeded', quotaExceededMessage(kind, limit)),
  };
}
