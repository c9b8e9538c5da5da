import { API_ROUTES } from './api-routes';
import { caseViewFor, requireVisibleClaim } from './shared/auth';
import { claimView } from './views/claim-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * GET /claims/{claimId}: the case as its citizen or a clerk of its region reads it, with the
 * latest adjudication and the payout if there is one. A claim the caller may not see is 404,
 * the same answer as for one that does not exist.
 */
export const getClaim = routeHandler(API_ROUTES.GetClaim, async ({ caller, params: { claimId } }) => {
  const claims = deps('claims');
  const claim = requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const [adjudication, payout] = await Promise.all([
    claims.latestAdjudication(claimId),
    claims.payout(claimId),
  ]);
  const audience = caseViewFor(caller);
  return json(200, claimView(claim, { adjudication, payout }, audience));
});

export const handler = getClaim;
