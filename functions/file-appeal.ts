import { API_ROUTES } from './api-routes';
import { requireVisibleClaim } from './shared/auth';
import { appealClaim } from './services/appeal-filing';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * POST /claims/{claimId}/appeals: the citizen appeals a decided claim within the policy's window.
 * The appeal runs as its own execution of the claim state machine, named after it, so filing
 * it twice starts it once. A paid claim is adjudicated again under the policy version in force
 * on its service date and only the difference is paid (ReAdjudicateAppeal, PayAppealDifference);
 * a rejected one goes to a clerk with the citizen's reason, who upholds the rejection or runs the
 * claim again (functions/services/appeal-filing.ts).
 */
export const fileAppeal = routeHandler(
  API_ROUTES.FileAppeal,
  async ({ caller, params: { claimId }, body }) => {
    const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
    const filed = await appealClaim(claim, body, caller.sub);
    return json(202, { claimId, ...filed });
  },
);

export const handler = fileAppeal;
