import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { QUEUE_STATUSES } from '../domain/claim-status';
import { API_ROUTES } from './api-routes';
import { requireVisibleClaim } from './shared/auth';
import { clerkActor, requireNotTakenByOther, updateCase } from './services/clerk-work';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { conflict } from './shared/http-errors';
import { metrics } from './shared/observability';
import { routeHandler } from './shared/route-handler';

/**
 * POST /claims/{claimId}/assignment: a clerk takes a case from the region's queue, so that two
 * clerks do not work one case. The write is conditional on the version the clerk read: of two
 * clerks taking the same case at once, one wins and the other gets 409. Taking a case one
 * already holds answers 200 again.
 */
export const assignClaim = routeHandler(API_ROUTES.AssignClaim, async ({ caller, params: { claimId } }) => {
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
  if (claim.assignee?.clerkId === caller.sub) return json(200, { claimId, assignee: claim.assignee });
  requireNotTakenByOther(claim, caller.sub);
  if (!QUEUE_STATUSES.has(claim.status)) {
    throw conflict('not_waiting_for_clerk', `claim ${claimId} is ${claim.status} and not in a clerk's queue`);
  }
  const assignee = { clerkId: caller.sub, at: deps('now')().toISOString() };
  await updateCase(claim, { assignee }, [], clerkActor(caller.sub), 'case.assigned');
  metrics.addMetric('CasesAssigned', MetricUnit.Count, 1);
  return json(200, { claimId, assignee });
});

export const handler = assignClaim;
