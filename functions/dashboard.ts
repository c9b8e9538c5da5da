import { scanRegionCases } from '../adapters/region-claims-scan';
import { dynamoDbClients } from '../adapters/dynamodb/clients';
import { API_ROUTES } from './api-routes';
import { regionInScope, requireCaller } from './shared/auth';
import { dashboardView } from './shared/dashboard-view';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseQuery } from './shared/http';

const route = API_ROUTES.Dashboard;

/**
 * GET /dashboard?region=&days=: the service level of a region for its supervisor: claims per day
 * by status, the share decided without a clerk, submit→paid p50/p95, the queue (GSI1), SLA
 * breaches, payouts and ratings. Read-only; computed on each call (docs/web.md says what
 * replaces the scan at scale).
 */
export const dashboard = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const query = parseQuery(event, route.request.query);
  const region = regionInScope(caller, query.region);
  const claims = deps('claims');
  const [cases, inReview, failed, ratings] = await Promise.all([
    scanRegionCases(dynamoDbClients().docClient, claims.tableName, region),
    claims.queue(region, 'IN_REVIEW', 1000),
    claims.queue(region, 'FAILED', 1000),
    claims.ratingsOf(region),
  ]);
  const view = dashboardView({
    region,
    now: deps('now')(),
    days: query.days,
    cases,
    queue: [...inReview, ...failed],
    ratings,
  });
  return json(200, view, { 'cache-control': 'no-store' });
});

export const handler = dashboard;
