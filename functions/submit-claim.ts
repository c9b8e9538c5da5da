import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { contentHash } from '../domain/audit-chain';
import { InvalidInputError } from '../domain/validation';
import { HttpError } from './shared/http-errors';
import type { ClaimCase } from '../domain/claim';
import { SubmitClaimRequestSchema, type SubmitClaimRequest } from '../domain/claim';
import { newClaimId } from '../domain/claim-id';
import { hashIdNumber, maskIdNumber } from '../domain/identity';
import { requireOwnReceiptImages } from './shared/receipt-image-ownership';
import { loadIdentityKeyFromEnvironment } from '../adapters/identity-key';
import { ClaimSubmitted } from '../events/claim-events';
import { API_ROUTES, SubmitClaimHeadersSchema } from './api-routes';
import type { StoredReceipt } from '../domain/stored-receipt';
import { requireCaller, requireOwnIdNumber } from './shared/auth';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody } from './shared/http';
import { logger, metrics } from './shared/observability';
import { takeDailyQuota } from './shared/quotas';

// The identity-hash key, once per container (on AWS from Secrets Manager; locally set at start).
await loadIdentityKeyFromEnvironment();
/** The claim's receipts, R1, R2, … : QR payloads first, then uploaded images. */
function receiptsOf(request: SubmitClaimRequest): StoredReceipt[] {
  return [
    ...request.receipts.map((r) => ({ qrPayload: r.qrPayload })),
    ...(request.receiptImages ?? []).map((r) => ({ imageId: r.imageId })),
  ].map((r, i) => ({ receiptId: `R${i + 1}`, ...r }));
}

function caseFromRequest(claimId: string, request: SubmitClaimRequest, now: string): ClaimCase {
  const { insured } = request;
  const { visitNo, careType, serviceDate, filingType, admissionSeqInYear } = request.visit;
  // What the form declares of facts the home region's record decides: a note, never money.
  const declared = Object.fromEntries(
    Object.entries({ scheme: insured.scheme, status: insured.status, filingType, admissionSeqInYear }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return {
    claimId,
    status: 'SUBMITTED',
    version: 1,
    createdAt: now,
    updatedAt: now,
    insured: {
      idNumberHash: hashIdNumber(insured.idNumber),
      idNumberMasked: maskIdNumber(insured.idNumber),
      name: insured.name,
      homeRegion: insured.homeRegion,
    },
    hospitalCode: request.hospitalCode,
    visit: { visitNo, careType, serviceDate },
    ...(Object.keys(declared).length > 0 && { declared }),
    consent: request.consent,
    payout: request.payout,
    receiptIds: receiptsOf(request).map((r) => r.receiptId),
  };
}

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
 * The claim for this request: the one its idempotency key filed before (a repeat of a request
 * whose answer was lost), or a new one, the key recorded in the case's own transaction.
 * `filedNow` is false when the request filed nothing.
 */
async function fileOnce(
  citizen: string,
  request: SubmitClaimRequest,
  key: string | undefined,
): Promise<{ claim: ClaimCase; filedNow: boolean }> {
  const requestHash = contentHash(request);
  const earlier = key && (await claimFiledWith(citizen, key, requestHash));
  if (earlier) return { claim: earlier, filedNow: false };
  await takeDailyQuota(citizen, 'claims');
  const now = deps('now')();
  const claim = caseFromRequest(newClaimId(now), request, now.toISOString());
  const claims = deps('claims');
  try {
    await claims.create(
      claim,
      undefined,
      key ? [claims.submissions.item(citizen, key, { claimId: claim.claimId, requestHash })] : [],
    );
    return { claim, filedNow: true };
  } catch (error) {
    // The same key filed by a request running at the same time: answer with its claim.
    const raced =
      key &&
      error instanceof TransactionCanceledException &&
      (await claimFiledWith(citizen, key, requestHash));
    if (!raced) throw error;
    return { claim: raced, filedNow: false };
  }
}

/** The claim a key filed before, if any; the same key with another request is 422. */
async function claimFiledWith(
  citizen: string,
  key: string,
  requestHash: string,
): Promise<ClaimCase | undefined> {
  const claims = deps('claims');
  const earlier = await claims.submissions.find(citizen, key);
  if (!earlier) return undefined;
  if (earlier.requestHash !== requestHash)
    throw new HttpError(
      422,
      'idempotency_key_reused',
      'this Idempotency-Key was used for another request: use a new key for a new claim',
    );
  return claims.get(earlier.claimId);
}

/**
 * POST /claims: a citizen files a claim, for themselves only (the body's ID number must hash to
 * the token's subject, else 403). The body is parsed at the edge (400 names every bad
 * field, nothing stored); the case is written (SUBMITTED, with the citizen's consent to fetch
 * from the hospital) and the claim workflow started (429, nothing stored, past the citizen's daily
 * quota: policies/limits/abuse-limits.json) with the claim id as execution name, so a
 * repeated start cannot run a claim twice. With an `Idempotency-Key` header, a repeated request
 * (a retry after a lost answer) gets the claim the first one filed, finished filing (its
 * receipts stored, its workflow started), and takes no quota; the same key with another body is 422.
 */
export const submitClaim = apiHandler(async (event) => {
  const caller = requireCaller(event, API_ROUTES.SubmitClaim.roles);
  const request = parseBody(event, SubmitClaimRequestSchema);
  requireOwnIdNumber(caller, request.insured.idNumber);
  await requireOwnReceiptImages(caller.sub, request.receiptImages);
  const claims = deps('claims');
  const { claim, filedNow } = await fileOnce(caller.sub, request, idempotencyKeyOf(event));
  const { claimId } = claim;
  await Promise.all(
    receiptsOf(request).map((r) => claims.putDocument(claimId, 'RECEIPT', r.receiptId, { ...r })),
  );
  try {
    await deps('sfn').send(
      new StartExecutionCommand({
        stateMachineArn: deps('stateMachineArn'),
        name: claimId,
        input: JSON.stringify({ claimId }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
  await deps('events').publish([
    ClaimSubmitted.event({
      claimId,
      hospitalCode: claim.hospitalCode,
      homeRegion: claim.insured.homeRegion,
      careType: claim.visit.careType,
      at: claim.createdAt,
    }),
  ]);
  // A repeated request files nothing: counted once.
  if (filedNow) metrics.addMetric('ClaimsSubmitted', MetricUnit.Count, 1);
  logger.info('claim submitted', { claimId, hospitalCode: claim.hospitalCode });
  return json(202, { claimId, status: claim.status }, { location: `/claims/${claimId}` });
});

export const handler = submitClaim;
