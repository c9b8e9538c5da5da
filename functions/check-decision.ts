import { API_ROUTES } from './api-routes';
import { requireVisibleClaim } from './shared/auth';
import { checkDecisionOf } from './services/decision-checks';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * POST /claims/{claimId}/check: a second clerk of the region confirms or returns a decision
 * another clerk proposed above the policy's second-clerk threshold (maker-checker). The maker
 * cannot check their own decision. Confirming carries the decision out (the workflow resumes);
 * returning takes the proposal off the case, which waits in the queue again. A confirmation
 * sent twice by the same checker answers as the first did (functions/services/decision-checks.ts).
 */
export const checkDecision = routeHandler(API_ROUTES.CheckDecision, async ({ caller, params, body }) => {
  const { claimId } = params;
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
  const status = await checkDecisionOf(claim, body, caller.sub);
  return json(202, { claimId, verdict: body.verdict, status });
});

export const handler = checkDecision;
