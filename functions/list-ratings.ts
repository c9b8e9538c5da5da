import { API_ROUTES } from './api-routes';
import { regionInScope } from './shared/auth';
import { ratingsView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * GET /ratings?region=: the ratings citizens gave a region's closed claims, newest first, with the
 * count, the average and how many of each score. A clerk sees their own region's (asking for
 * another is 403); an admin names the region.
 */
export const listRatings = routeHandler(API_ROUTES.ListRatings, async ({ caller, query }) => {
  const region = regionInScope(caller, query.region);
  return json(200, ratingsView(region, await deps('claims').ratingsOf(region), deps('now')()));
});

export const handler = listRatings;
