import {
  codeHashOf,
  newAuthorisationCode,
  newDelegationId,
  validUntilOf,
  type Delegation,
} from '../domain/delegation';
import { hashIdNumber } from '../domain/identity';
import { maskName } from '../domain/masking';
import { InvalidInputError } from '../domain/validation';
import { API_ROUTES } from './api-routes';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';
import { delegationView } from './views/delegation-views';

/**
 * POST /my/delegations: the signed-in citizen says who may file for them: a family member by
 * their ID number (kept only as its hash), or a service window once (a one-time code, shown in
 * this answer only, to write on the signed authorisation form). Always for the caller
 * themselves: the citizen is the token's ID hash.
 */
export const recordDelegation = routeHandler(
  API_ROUTES.RecordDelegation,
  async ({ caller, body: request }) => {
    const now = deps('now')();
    const validUntil = validUntilOf(request, now.toISOString().slice(0, 10));
    if (!validUntil)
      throw new InvalidInputError('request body', [
        { path: 'validUntil', message: 'must be from today to a year ahead' },
      ]);
    if (request.kind === 'family' && hashIdNumber(request.delegate.idNumber) === caller.sub)
      throw new InvalidInputError('request body', [
        { path: 'delegate.idNumber', message: 'is your own: name the family member who files for you' },
      ]);
    const code = request.kind === 'agent' ? newAuthorisationCode() : undefined;
    const delegation: Delegation = {
      delegationId: newDelegationId(),
      kind: request.kind,
      citizenHash: caller.sub,
      createdAt: now.toISOString(),
      validUntil,
      ...(request.kind === 'family' && {
        delegateHash: hashIdNumber(request.delegate.idNumber),
        delegateNameMasked: maskName(request.delegate.name),
        relationship: request.relationship,
      }),
      ...(code && { codeHash: codeHashOf(code) }),
    };
    await deps('claims').delegations.record(delegation);
    return json(201, { ...delegationView(delegation), ...(code && { authorisationCode: code }) });
  },
);

export const handler = recordDelegation;
