import { InvalidInputError } from '../domain/validation';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireRegion } from './shared/auth';
import { ratingsView } from './shared/case-record-views';
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
  const { region: asked } = parseQuery(event, route.request.query);
  let region: string;
  if (caller.role === 'clerk') {
    if (asked !== undefined) requireRegion(caller, asked);
    region = caller.region;
  } else if (asked === undefined) {
    throw new InvalidInputError('query string', [{ path: 'region', message: 'is required for an admin' }]);
  } else {
    region = asked;
  }
  return json(200, ratingsView(region, await deps('claims').ratingsOf(region)));
});

export const handler = listRatings;
