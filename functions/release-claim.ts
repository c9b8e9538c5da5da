import { API_ROUTES } from './api-routes';
import { requireVisibleClaim } from './shared/auth';
import { updateCase } from './services/clerk-work';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { conflict } from './shared/http-errors';
import { routeHandler } from './shared/route-handler';

/**
 * DELETE /claims/{claimId}/assignment: the clerk holding a case puts it back in the queue; a
 * supervisor of the region may release any case (a clerk away, a case stuck). Releasing a case
 * nobody holds answers 200 and changes nothing.
 */
export const releaseClaim = routeHandler(API_ROUTES.ReleaseClaim, async ({ caller, params: { claimId } }) => {
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
  if (!claim.assignee) return json(200, { claimId, released: false });
  if (caller.role === 'clerk' && claim.assignee.clerkId !== caller.sub) {
    throw conflict(
      'assigned_to_other',
      `claim ${claimId} is held by clerk ${claim.assignee.clerkId}, not you`,
    );
  }
  await updateCase(claim, {}, ['assignee'], { role: caller.role, sub: caller.sub }, 'case.released');
  return json(200, { claimId, released: true });
});

export const handler = releaseClaim;
