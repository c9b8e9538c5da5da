import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { FileFromVisitRequestSchema, SubmitClaimRequestSchema } from '../domain/claim';
import { InvalidInputError } from '../domain/validation';
import { loadIdentityKeyFromEnvironment } from '../adapters/identity-key';
import { API_ROUTES, SubmitClaimHeadersSchema } from './api-routes';
import { requireCaller, requireOwnIdNumber } from './shared/auth';
import { apiHandler, json, parseBody } from './shared/http';
import { requireOwnReceiptImages } from './shared/receipt-image-ownership';
import { fileClaim, filingFromForm } from './services/claim-filing';
import { filingFromVisit } from './services/visits';

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

/** A body naming a `visitRef` files from a visit of GET /my/visits; any other is the full form. */
const fromVisit = (event: APIGatewayProxyEventV2): boolean =>
  parseBody(event, z.looseObject({})).visitRef !== undefined;

/**
 * POST /claims: a citizen files a claim, for themselves only: from a visit of their own
 * (`visitRef`, found again among the token's visits; 404 for any other), or with the full form
 * (its ID number must hash to the token's subject, else 403). The body is parsed at the edge
 * (400 names every bad field, nothing stored); the case is written (SUBMITTED, with the
 * citizen's consent to fetch from the hospital) and the claim workflow started (429, nothing
 * stored, past the daily quota). With an `Idempotency-Key` header a repeated request gets the
 * claim the first one filed and takes no quota; the same key with another body is 422.
 */
export const submitClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, API_ROUTES.SubmitClaim.roles);
  const idempotencyKey = idempotencyKeyOf(event);
  let filing;
  let request;
  if (fromVisit(event)) {
    request = parseBody(event, FileFromVisitRequestSchema);
    await requireOwnReceiptImages(caller.sub, request.receiptImages);
    filing = await filingFromVisit(caller.sub, request);
  } else {
    request = parseBody(event, SubmitClaimRequestSchema);
    requireOwnIdNumber(caller, request.insured.idNumber);
    await requireOwnReceiptImages(caller.sub, request.receiptImages);
    filing = filingFromForm(request);
  }
  const claim = await fileClaim(filing, { filer: caller.sub, request, idempotencyKey });
  return json(
    202,
    { claimId: claim.claimId, status: claim.status },
    { location: `/claims/${claim.claimId}` },
  );
});

export const handler = submitClaim;
