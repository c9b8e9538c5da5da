import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { StoredRating } from '../adapters/claim-store';
import { RATEABLE_STATUSES } from '../domain/notifications';
import { followUpFor, scoreOf, subScoreIssues } from '../domain/ratings';
import { InvalidInputError } from '../domain/validation';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireVisibleClaim } from './shared/auth';
import { ratingView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { conflict } from './shared/http-errors';
import { logger, metrics } from './shared/observability';

const route = API_ROUTES.RateClaim;

/**
 * POST /claims/{claimId}/rating: the citizen rates the service (好差评) once the claim is closed
 * (PAID or REJECTED), once per claim: one of the five levels for the whole, one for each of the
 * policy's sub-scores, an optional comment. A 不满意 / 非常不满意 rating opens a follow-up due in
 * the policy's working days (domain/ratings.ts, the region's holiday calendar), kept with the
 * rating in the same transaction. The comment is never logged.
 */
export const rateClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const request = parseBody(event, route.request.body);
  const rules = deps('ratings');
  const issues = subScoreIssues(rules.policy, request.subScores);
  if (issues.length > 0) throw new InvalidInputError('request body', issues);
  const claims = deps('claims');
  const claim = requireVisibleClaim(caller, claimId, await claims.find(claimId));
  if (!RATEABLE_STATUSES.has(claim.status)) {
    throw conflict(
      'not_closed',
      `claim ${claimId} is ${claim.status}: a claim can be rated once it is paid or rejected`,
    );
  }
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
  const outcome = await claims.recordRating(claim, rating, { role: 'citizen', sub: caller.sub });
  if (outcome.kind === 'already_rated') {
    throw conflict('already_rated', `claim ${claimId} was rated already, on ${outcome.rating.at}`);
  }
  metrics.addMetric('ClaimsRated', MetricUnit.Count, 1);
  metrics.addMetric(`Rating_${rating.score}`, MetricUnit.Count, 1);
  if (followUp) metrics.addMetric('RatingFollowUpsOpened', MetricUnit.Count, 1);
  logger.info('claim rated', { claimId, level: rating.level, followUpDue: followUp?.dueDate });
  return json(201, ratingView(rating, now, 'citizen'));
});

export const handler = rateClaim;
