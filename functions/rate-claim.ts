import { subScoreIssues } from '../domain/ratings';
import { InvalidInputError } from '../domain/validation';
import { API_ROUTES } from './api-routes';
import { rateClosedClaim } from './services/claim-rating';
import { requireVisibleClaim } from './shared/auth';
import { ratingView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * POST /claims/{claimId}/rating: the citizen rates the service (好差评) once the claim is closed
 * (PAID or REJECTED), once per claim: one of the five levels for the whole, one for each of the
 * policy's sub-scores (every one of them, else 400 before the claim is read), an optional
 * comment. A 不满意 / 非常不满意 rating opens a follow-up (functions/services/claim-rating.ts).
 */
export const rateClaim = routeHandler(API_ROUTES.RateClaim, async ({ caller, params, body }) => {
  const { claimId } = params;
  const issues = subScoreIssues(deps('ratings').policy, body.subScores);
  if (issues.length > 0) throw new InvalidInputError('request body', issues);
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
  const { rating, now } = await rateClosedClaim(claim, body, caller.sub);
  return json(201, ratingView(rating, now, 'citizen'));
});

export const handler = rateClaim;
