import { API_ROUTES } from './api-routes';
import { requireCaller } from './shared/auth';
import { claimSummary } from './views/claim-views';
import { deps } from './shared/dependencies';
import { apiHandler, json } from './shared/http';

/** How many claims a citizen's list shows; a person files a handful a year. */
const LIST_LIMIT = 50;

/** GET /claims: the signed-in citizen's own claims (the insured index, GSI2), newest first. */
export const listClaims = apiHandler(async (event) => {
  const caller = requireCaller(event, API_ROUTES.ListClaims.roles);
  const claims = await deps('claims').claimsOf(caller.sub, LIST_LIMIT);
  return json(200, { claims: claims.map(claimSummary) });
});

export const handler = listClaims;
