import { API_ROUTES } from './api-routes';
import { claimSummary } from './views/claim-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/** How many claims a citizen's list shows; a person files a handful a year. */
const LIST_LIMIT = 50;

/** GET /claims: the signed-in citizen's own claims (the insured index, GSI2), newest first. */
export const listClaims = routeHandler(API_ROUTES.ListClaims, async ({ caller }) => {
  const claims = await deps('claims').claimsOf(caller.sub, LIST_LIMIT);
  return json(200, { claims: claims.map(claimSummary) });
});

export const handler = listClaims;
