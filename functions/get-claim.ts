import { API_ROUTES } from './api-routes';
import { caseViewFor, requireCaller, requireVisibleClaim } from './shared/auth';
import { claimView } from './views/claim-views';
import { deps } from './shared/dependencies';
import { apiHandler, json, parsePathParameters } from './shared/http';

const route = API_ROUTES.GetClaim;

/**
 * GET /claims/{claimId}: the case as its citizen or a clerk of its region reads it, with the
 * latest adjudication and the payout if there is one. A claim the caller may not see is 404,
 * the same answer as for one that does not exist.
 */
export const getClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const claims = deps('claims');
  const claim = requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const [adjudication, payout] = await Promise.all([
    claims.latestAdjudication(claimId),
    claims.payout(claimId),
  ]);
  const audience = caseViewFor(caller);
  return json(200, claimView(claim, { adjudication, payout }, audience));
}, route);

export const handler = getClaim;
