import { API_ROUTES } from './api-routes';
import { caseViewFor, requireCaller, requireVisibleClaim } from './shared/auth';
import { historyView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { apiHandler, json, parsePathParameters } from './shared/http';

const route = API_ROUTES.GetHistory;

/**
 * GET /claims/{claimId}/history: every change to the case from its hash-chained history, with
 * whether the chain verifies. A clerk of the region sees who did what; the citizen sees the same
 * entries with clerks named only by role.
 */
export const getHistory = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const claims = deps('claims');
  requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const trail = await claims.auditTrail(claimId);
  return json(200, historyView(trail, caseViewFor(caller)));
}, route);

export const handler = getHistory;
