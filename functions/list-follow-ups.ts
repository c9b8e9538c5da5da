import { API_ROUTES } from './api-routes';
import { regionInScope, requireCaller } from './shared/auth';
import { followUpsView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseQuery } from './shared/http';

const route = API_ROUTES.ListFollowUps;

/**
 * GET /follow-ups?region=: the region's bad ratings and their follow-ups (overdue and escalated
 * first, then by due date) with the satisfaction, follow-up and on-time rates, for its
 * supervisor and clerks; an admin names the region.
 */
export const listFollowUps = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const region = regionInScope(caller, parseQuery(event, route.request.query).region);
  const ratings = await deps('claims').ratingsOf(region);
  return json(200, followUpsView(region, ratings, deps('now')()), { 'cache-control': 'no-store' });
});

export const handler = listFollowUps;
