import { API_ROUTES } from './api-routes';
import { caseViewFor, requireVisibleClaim } from './shared/auth';
import { historyView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * GET /claims/{claimId}/history: every change to the case from its hash-chained history, with
 * whether the chain verifies. A clerk of the region sees who did what; the citizen sees the same
 * entries with clerks named only by role.
 */
export const getHistory = routeHandler(API_ROUTES.GetHistory, async ({ caller, params: { claimId } }) => {
  const claims = deps('claims');
  requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const trail = await claims.auditTrail(claimId);
  return json(200, historyView(trail, caseViewFor(caller)));
});

export const handler = getHistory;
