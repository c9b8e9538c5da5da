import { API_ROUTES } from './api-routes';
import { requireCaller } from './shared/auth';
import { apiHandler, json, parseQuery } from './shared/http';
import { listOwnVisits } from './services/visits';
import { MyVisitsQuerySchema } from '../domain/api/visits';

const route = API_ROUTES.ListVisits;

/**
 * GET /my/visits: the signed-in citizen's own visits to hospitals outside their home region,
 * from the source the deployment has (VISIT_SOURCE: the home region's record of cross-province
 * visits, or the hospitals the citizen names), each with its bills' totals in fen, whether it
 * was settled directly and the citizen's claim for it, if any. The person is the token's ID
 * hash, never a parameter. A source that does not answer is 503 `visits_unavailable`.
 */
export const listVisits = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const query = parseQuery(event, MyVisitsQuerySchema);
  return json(200, await listOwnVisits(caller.sub, query));
});

export const handler = listVisits;
