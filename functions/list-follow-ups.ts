import { API_ROUTES } from './api-routes';
import { regionInScope } from './shared/auth';
import { followUpsView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * GET /follow-ups?region=: the region's bad ratings and their follow-ups (overdue and escalated
 * first, then by due date) with the satisfaction, follow-up and on-time rates, for its
 * supervisor and clerks; an admin names the region.
 */
export const listFollowUps = routeHandler(API_ROUTES.ListFollowUps, async ({ caller, query }) => {
  const region = regionInScope(caller, query.region);
  const ratings = await deps('claims').ratingsOf(region);
  return json(200, followUpsView(region, ratings, deps('now')()), { 'cache-control': 'no-store' });
});

export const handler = listFollowUps;
