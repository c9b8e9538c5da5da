import { API_ROUTES } from './api-routes';
import { caseViewFor, requireVisibleClaim } from './shared/auth';
import { claimView } from './views/claim-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * GET /claims/{claimId}: the case as its citizen or a clerk of its region reads it, with the
 * latest adjudication and the payout if there is one, all read in one request. A claim the caller may not see is 404,
 * the same answer as for one that does not exist.
 */
export const getClaim = routeHandler(API_ROUTES.GetClaim, async ({ caller, params: { claimId } }) => {
  // One request for the case, its latest adjudication and its payout (adapters/claims/case-view.ts);
  // read before the visibility check, which answers 404 alike for a claim not there and not theirs.
  const view = await deps('claims').caseView(claimId);
  const claim = requireVisibleClaim(caller, claimId, view?.claim);
  const audience = caseViewFor(caller);
  return json(200, claimView(claim, { adjudication: view?.adjudication, payout: view?.payout }, audience));
});

export const handler = getClaim;
