import { InvalidCursorError } from '../adapters/claim-store';
import { InvalidInputError } from '../domain/validation';
import { API_ROUTES } from './api-routes';
import { regionInScope } from './shared/auth';
import { queueItem } from './views/claim-views';
import { deps } from './shared/dependencies';
import { slaHoursOf } from './services/clerk-work';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/** A page of the queue; a cursor that is not this queue's is a 400 naming the field. */
async function readPage(
  region: string,
  query: { status: 'IN_REVIEW' | 'FAILED'; limit: number; cursor?: string },
) {
  try {
    return await deps('claims').queuePage(region, query.status, { limit: query.limit, after: query.cursor });
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    throw new InvalidInputError('query string', [{ path: 'cursor', message: error.message }]);
  }
}

/**
 * GET /review-queue?status=IN_REVIEW|FAILED: the cases of a region that wait for a clerk,
 * oldest first (the queue index, GSI1, sorts by the time a case entered it), with the reasons,
 * the age and service-level state against the policy's clerkSlaHours, who holds each case and
 * any decision waiting for a second clerk. A page at a time: `limit` cases, and `nextCursor`
 * while more remain.
 */
export const reviewQueue = routeHandler(API_ROUTES.ReviewQueue, async ({ caller, query }) => {
  const region = regionInScope(caller, query.region);
  const page = await readPage(region, query);
  const now = deps('now')();
  return json(200, {
    region,
    status: query.status,
    claims: page.claims.map((c) => queueItem(c, { slaHours: slaHoursOf(c), now })),
    ...(page.next !== undefined && { nextCursor: page.next }),
  });
});

export const handler = reviewQueue;
