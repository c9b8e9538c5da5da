import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidInputError } from '../domain/validation';
import { dependenciesLoaded as loadIdentityKeyFromEnvironment } from './shared/dependencies';
import { API_ROUTES, SubmitClaimHeadersSchema } from './api-routes';
import { requireCaller } from './shared/auth';
import { apiHandler, json } from './shared/http';
import { fileClaim } from './services/claim-filing';
import { parseClaimRequest } from './services/claim-requests';
import { authorisedFiling } from './services/filing-authority';

// The identity-hash key, once per container (on AWS from Secrets Manager; locally set at start).
await loadIdentityKeyFromEnvironment();

/** `Idempotency-Key` (API_ROUTES.SubmitClaim.request.headers): what a client sends to file once however often it retries. */
function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const parsed = SubmitClaimHeadersSchema.safeParse({
    'idempotency-key': event.headers?.['idempotency-key'],
  });
  if (!parsed.success)
    throw new InvalidInputError('request headers', [
      { path: 'headers.idempotency-key', message: parsed.error.issues[0]?.message ?? 'is not valid' },
    ]);
  return parsed.data['idempotency-key'];
}

/**
 * POST /claims: a citizen files a claim for themselves, from a visit of their own (`visitRef`,
 * found again among the token's visits; 404 for any other) or with the full form (its ID number
 * must hash to the token's subject, else 403); a family delegate or a service-window agent files
 * the full form for a citizen with `onBehalfOf`, on that citizen's delegation (else 403:
 * functions/services/filing-authority.ts), and the citizen is told. The body is parsed at the edge
 * (400 names every bad field, nothing stored); the case is written (SUBMITTED, with the
 * citizen's consent to fetch from the hospital) and the claim workflow started (429, nothing
 * stored, past the daily quota). With an `Idempotency-Key` header a repeated request gets the
 * claim the first one filed and takes no quota; the same key with another body is 422.
 */
export const submitClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, API_ROUTES.SubmitClaim.roles);
  const idempotencyKey = idempotencyKeyOf(event);
  const request = parseClaimRequest(event);
  const { filing, actor, onBehalf } = await authorisedFiling(caller, request);
  const claim = await fileClaim(filing, {
    filer: caller.sub,
    request,
    idempotencyKey,
    ...(actor && { actor }),
    ...(onBehalf && { onBehalf }),
  });
  return json(
    202,
    { claimId: claim.claimId, status: claim.status },
    { location: `/claims/${claim.claimId}` },
  );
});

export const handler = submitClaim;
