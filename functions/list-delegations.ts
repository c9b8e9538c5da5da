import { API_ROUTES } from './api-routes';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';
import { delegationView } from './views/delegation-views';

/** GET /my/delegations: who the signed-in citizen let file for them, newest first, revoked ones marked. */
export const listDelegations = routeHandler(API_ROUTES.ListDelegations, async ({ caller }) => {
  const delegations = await deps('claims').delegations.delegationsOf(caller.sub);
  return json(200, { delegations: delegations.map(delegationView) });
});

export const handler = listDelegations;
