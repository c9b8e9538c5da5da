import { API_ROUTES } from './api-routes';
import { requireCaller } from './shared/auth';
import { deps } from './shared/dependencies';
import { apiHandler, json } from './shared/http';
import { delegationView } from './views/delegation-views';

/** GET /my/delegations: who the signed-in citizen let file for them, newest first, revoked ones marked. */
export const listDelegations = apiHandler(async (event) => {
  const caller = requireCaller(event, API_ROUTES.ListDelegations.roles);
  const delegations = await deps('claims').delegations.delegationsOf(caller.sub);
  return json(200, { delegations: delegations.map(delegationView) });
});

export const handler = listDelegations;
