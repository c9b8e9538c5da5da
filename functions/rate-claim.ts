import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { StoredRating } from '../adapters/claim-store';
import { RATEABLE_STATUSES } from '../domain/notifications';
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
 * (PAID or REJECTED), 1–5 with an optional comment, once per claim. The rating is kept under the
 * claim's home region for its clerks, and its score in the claim's history. The comment is never
 * logged.
 */
export const rateClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const request = parseBody(event, route.request.body);
  const claims = deps('claims');
  const claim = requireVisibleClaim(caller, claimId, await claims.find(claimId));
  if (!RATEABLE_STATUSES.has(claim.status)) {
    throw conflict(
      'not_closed',
      `claim ${claimId} is ${claim.status}: a claim can be rated once it is paid or rejected`,
    );
  }
  const rating: StoredRating = {
    claimId,
    region: claim.insured.homeRegion,
    score: request.score,
    ...(request.comment !== undefined && { comment: request.comment }),
    at: deps('now')().toISOString(),
  };
  const outcome = await claims.recordRating(claim, rating, { role: 'citizen', sub: caller.sub });
  if (outcome.kind === 'already_rated') {
    throw conflict('already_rated', `claim ${claimId} was rated already, on ${outcome.rating.at}`);
  }
  metrics.addMetric('ClaimsRated', MetricUnit.Count, 1);
  metrics.addMetric(`Rating_${rating.score}`, MetricUnit.Count, 1);
  logger.info('claim rated', { claimId, score: rating.score });
  return json(201, ratingView(rating));
});

export const handler = rateClaim;
