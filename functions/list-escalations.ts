import { API_ROUTES, REVIEW_QUEUE_STATUSES } from './api-routes';
import { regionInScope } from './shared/auth';
import { queueItem } from './views/claim-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';
import { slaHoursOf } from './services/clerk-work';

/**
 * GET /escalations: the supervisor's queue — the region's cases that waited for a clerk past
 * the policy's limit (EscalateReview flagged them), oldest first, with who holds them.
 */
export const listEscalations = routeHandler(API_ROUTES.ListEscalations, async ({ caller, query }) => {
  const region = regionInScope(caller, query.region);
  const claims = deps('claims');
  // Every escalated case, not only those among the first page of the queue.
  const queued = await Promise.all(REVIEW_QUEUE_STATUSES.map((s) => claims.escalatedInQueue(region, s)));
  const now = deps('now')();
  const escalated = queued
    .flat()
    .sort((a, b) => (a.queuedAt ?? '').localeCompare(b.queuedAt ?? ''))
    .map((c) => queueItem(c, { slaHours: slaHoursOf(c), now }));
  return json(200, { region, claims: escalated });
});

export const handler = listEscalations;
