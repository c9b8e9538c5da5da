import { API_ROUTES } from './api-routes';
import { regionInScope } from './shared/auth';
import { dashboardView, regionCaseFacts } from './views/dashboard-view';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/** The first moment of the window: midnight in China, `days - 1` days before today. */
function windowStart(now: Date, days: number): string {
  const chinaMidnight = new Date(now.getTime() + 8 * 3_600_000);
  chinaMidnight.setUTCHours(0, 0, 0, 0);
  return new Date(chinaMidnight.getTime() - 8 * 3_600_000 - (days - 1) * 86_400_000).toISOString();
}

/**
 * GET /dashboard?region=&days=: the service level of a region for its supervisor: claims per day
 * by status, the share decided without a clerk, submit→paid p50/p95, the queue (GSI1), SLA
 * breaches, payouts and ratings, for the claims submitted in the last `days` days (a Query of
 * the region index, GSI3). Read-only; computed on each call (docs/web.md says what replaces it
 * at a province's volume: counters kept by a DynamoDB Stream).
 */
export const dashboard = routeHandler(API_ROUTES.Dashboard, async ({ caller, query }) => {
  const region = regionInScope(caller, query.region);
  const claims = deps('claims');
  const now = deps('now')();
  const [cases, inReview, failed, ratings] = await Promise.all([
    claims.regionClaimsSince(region, windowStart(now, query.days)),
    claims.queue(region, 'IN_REVIEW', 1000),
    claims.queue(region, 'FAILED', 1000),
    claims.ratingsOf(region),
  ]);
  const view = dashboardView({
    region,
    now,
    days: query.days,
    cases: cases.map(regionCaseFacts),
    queue: [...inReview, ...failed],
    ratings,
  });
  return json(200, view, { 'cache-control': 'no-store' });
});

export const handler = dashboard;
