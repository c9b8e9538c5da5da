import { API_ROUTE_LIST, API_ROUTES } from './api-routes';
import { caseViewFor, requireVisibleClaim } from './shared/auth';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';
import { accessLogView } from './views/access-log-view';

/** Why each case-reading route reads a case, from the route table. */
const WHY = new Map(
  API_ROUTE_LIST.flatMap((r) => (r.caseRead ? [[r.functionName, r.caseRead] as const] : [])),
);

/**
 * GET /claims/{claimId}/access-log: who of the staff read the case, when and why (issue #18). The
 * citizen who filed it and the staff who may see the claim may ask; anyone else gets 404, as for
 * the claim itself. Reading this list is not itself recorded: it shows nothing of the case.
 */
export const getAccessLog = routeHandler(API_ROUTES.GetAccessLog, async ({ caller, params: { claimId } }) => {
  const claims = deps('claims');
  requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const reads = await claims.caseReads.readsOf(claimId);
  return json(
    200,
    accessLogView(
      claimId,
      reads,
      caseViewFor(caller),
      (name) => WHY.get(name as never) ?? { zh: '查看案件', en: 'read the case' },
    ),
  );
});

export const handler = getAccessLog;
