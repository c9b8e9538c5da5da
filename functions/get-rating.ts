import { API_ROUTES } from './api-routes';
import { caseViewFor, requireVisibleClaim } from './shared/auth';
import { ratingView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * GET /claims/{claimId}/rating: the claim's rating and its follow-up with the clerk's answer,
 * for the citizen's claim page and the region's staff (same access as the claim); the citizen
 * sees the answering clerk by role only. `rating: null` while the claim has none.
 */
export const getRating = routeHandler(API_ROUTES.GetRating, async ({ caller, params: { claimId } }) => {
  const claims = deps('claims');
  const claim = requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const rating = await claims.rating(claim.insured.homeRegion, claimId);
  const audience = caseViewFor(caller);
  return json(200, {
    claimId,
    rating: rating ? ratingView(rating, deps('now')(), audience) : null,
    subScores: deps('ratings').policy.subScores,
  });
});

export const handler = getRating;
