import { API_ROUTES } from './api-routes';
import { regionInScope, requireCaller } from './shared/auth';
import { queueItem } from './shared/claim-views';
import { deps } from './shared/dependencies';
import { slaHoursOf } from './shared/clerk-work';
import { apiHandler, json, parseQuery } from './shared/http';

const route = API_ROUTES.ReviewQueue;

/**
 * GET /review-queue?status=IN_REVIEW|FAILED: the cases of a region that wait for a clerk,
 * oldest first (the queue index, GSI1, sorts by the time a case entered it), with the reasons,
 * the age and service-level state against the policy's clerkSlaHours, who holds each case and
 * any decision waiting for a second clerk.
 */
export const reviewQueue = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const query = parseQuery(event, route.request.query);
  const region = regionInScope(caller, query.region);
  const claims = await deps('claims').queue(region, query.status);
  const now = deps('now')();
  return json(200, {
    region,
    status: query.status,
    claims: claims.map((c) => queueItem(c, { slaHours: slaHoursOf(c), now })),
  });
});

export const handler = reviewQueue;
