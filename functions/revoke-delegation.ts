import { API_ROUTES } from './api-routes';
import { requireCaller } from './shared/auth';
import { deps } from './shared/dependencies';
import { notFound } from './shared/http-errors';
import { apiHandler, json, parsePathParameters } from './shared/http';
import { DelegationPathSchema } from '../domain/api/delegations';

/**
 * DELETE /my/delegations/{delegationId}: the citizen revokes a delegation of their own; from then
 * on a filing on it is 403 (a filing racing the revocation loses: the claim's transaction checks
 * it). Revoking again is 200; another citizen's delegation is 404, as one that does not exist.
 */
export const revokeDelegation = apiHandler(async (event) => {
  const caller = requireCaller(event, API_ROUTES.RevokeDelegation.roles);
  const { delegationId } = parsePathParameters(event, DelegationPathSchema);
  const revoked = await deps('claims').delegations.revoke(
    caller.sub,
    delegationId,
    deps('now')().toISOString(),
  );
  if (!revoked) throw notFound(`delegation ${delegationId} not found`);
  return json(200, { delegationId, revoked: true });
});

export const handler = revokeDelegation;
