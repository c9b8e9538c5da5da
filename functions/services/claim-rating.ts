import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { z } from 'zod';
import type { StoredRating } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import { RATEABLE_STATUSES } from '../../domain/notifications';
import { followUpFor, scoreOf } from '../../domain/ratings';
import { deps } from '../shared/dependencies';
import { conflict } from '../shared/http-errors';
import { logger, metrics } from '../shared/observability';
import type { RatingRequestSchema } from '../../domain/api/ratings';

/**
 * The citizen's rating of a closed claim (PAID or REJECTED; else 409 not_closed), once per claim
 * (409 already_rated). A 不满意 / 非常不满意 rating opens a follow-up due in the policy's working
 * days (domain/ratings.ts, the region's holiday calendar), kept with the rating in the same
 * transaction. The comment is never logged.
 */
export async function rateClosedClaim(
  claim: ClaimCase,
  request: z.output<typeof RatingRequestSchema>,
  citizen: string,
): Promise<{ rating: StoredRating; now: Date }> {
  const { claimId } = claim;
  if (!RATEABLE_STATUSES.has(claim.status)) {
    throw conflict(
      'not_closed',
      `claim ${claimId} is ${claim.status}: a claim can be rated once it is paid or rejected`,
    );
  }
  const rules = deps('ratings');
  const now = deps('now')();
  const region = claim.insured.homeRegion;
  const followUp = followUpFor(rules.policy, rules.calendarOf(region), request.level, now);
  const rating: StoredRating = {
    claimId,
    region,
    score: scoreOf(request.level),
    level: request.level,
    subScores: request.subScores,
    ...(request.comment !== undefined && { comment: request.comment }),
    at: now.toISOString(),
    ...(followUp && { followUp }),
  };
  const outcome = await deps('claims').recordRating(claim, rating, { role: 'citizen', sub: citizen });
  if (outcome.kind === 'already_rated') {
    throw conflict('already_rated', `claim ${claimId} was rated already, on ${outcome.rating.at}`);
  }
  metrics.addMetric('ClaimsRated', MetricUnit.Count, 1);
  metrics.addMetric(`Rating_${rating.score}`, MetricUnit.Count, 1);
  if (followUp) metrics.addMetric('RatingFollowUpsOpened', MetricUnit.Count, 1);
  logger.info('claim rated', { claimId, level: rating.level, followUpDue: followUp?.dueDate });
  return { rating, now };
}
