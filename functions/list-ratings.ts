import { API_ROUTES } from './api-routes';
import { regionInScope, requireCaller } from './shared/auth';
import { ratingsView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseQuery } from './shared/http';

const route = API_ROUTES.ListRatings;

/**
 * GET /ratings?region=: the ratings citizens gave a region's closed claims, newest first, with the
 * count, the average and how many of each score. A clerk sees their own region's (asking for
 * another is 403); an admin names the region.
 */
export const listRatings = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const region = regionInScope(caller, parseQuery(event, route.request.query).region);
  return json(200, ratingsView(region, await deps('claims').ratingsOf(region), deps('now')()));
});

export const handler = listRatings;
