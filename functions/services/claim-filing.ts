import { deliverNotification } from './notification-delivery';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { contentHash, type AuditActor } from '../../domain/audit-chain';
import type { ClaimCase, DeclaredFacts, SubmitClaimRequest } from '../../domain/claim';
import { newClaimId } from '../../domain/claim-id';
import { hashIdNumber, maskIdNumber } from '../../domain/identity';
import type { StoredReceipt } from '../../domain/stored-receipt';
import { ClaimSubmitted } from '../../events/claim-events';
import { deps } from '../shared/dependencies';
import { forbidden, HttpError } from '../shared/http-errors';
import type { StoredNotification } from '../../adapters/claim-store';
import type { Delegation } from '../../domain/delegation';
import { logger, metrics } from '../shared/observability';
import { dailyQuotaItem } from '../shared/quotas';

/** Where the quota's item is in the filing's transaction: after the case and the visit's link. */
const QUOTA_ITEM_AT = 2;

/**
 * Filing a claim, whatever the request looked like (the full form, or a visit chosen from
 * GET /my/visits) and whoever filed it (the citizen, their delegate, an agent at a window): the
 * case is built from a `Filing`, written once per idempotency key, its receipts stored, its
 * workflow started and Claim.Submitted published.
 */
export interface Filing {
  insured: { idNumberHash: string; idNumberMasked: string; name: string; homeRegion: string };
  declared?: DeclaredFacts;
  hospitalCode: string;
  visit: ClaimCase['visit'];
  consent: ClaimCase['consent'];
  payout: ClaimCase['payout'];
  receipts: StoredReceipt[];
  /** Someone other than the insured filed it (帮办 / 代办): who, and on what authority. */
  filedBy?: NonNullable<ClaimCase['filedBy']>;
}

/** A filing for someone else: the delegation it rests on, and who the citizen is told filed it. */
export interface OnBehalf {
  delegation: Delegation;
  whoZh: string;
  whoEn: string;
}

/** The citizen's notification that someone filed for them, written with the case. */
function filedForYou(claim: ClaimCase, onBehalf: OnBehalf): StoredNotification {
  return {
    claimId: claim.claimId,
    recipient: claim.insured.idNumberHash,
    status: 'SUBMITTED',
    at: claim.createdAt,
    zh: `${onBehalf.whoZh}已代您提交报销申请（${claim.visit.serviceDate}），可在“我的报销”中查看。`,
    en: `${onBehalf.whoEn} filed a claim for you (${claim.visit.serviceDate}); see it under My claims.`,
  };
}

/** The claim's receipts, R1, R2, … : QR payloads first, then uploaded images. */
export function receiptsOf(request: Pick<SubmitClaimRequest, 'receipts' | 'receiptImages'>): StoredReceipt[] {
  return [
    ...request.receipts.map((r) => ({ qrPayload: r.qrPayload })),
    ...(request.receiptImages ?? []).map((r) => ({ imageId: r.imageId })),
  ].map((r, i) => ({ receiptId: `R${i + 1}`, ...r }));
}

/** The filing the full form describes. */
export function filingFromForm(request: SubmitClaimRequest): Filing {
  const { insured } = request;
  const { visitNo, careType, serviceDate, filingType, admissionSeqInYear } = request.visit;
  // What the form declares of facts the home region's record decides: a note, never money.
  const declared = Object.fromEntries(
    Object.entries({ scheme: insured.scheme, status: insured.status, filingType, admissionSeqInYear }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return {
    insured: {
      idNumberHash: hashIdNumber(insured.idNumber),
      idNumberMasked: maskIdNumber(insured.idNumber),
      name: insured.name,
      homeRegion: insured.homeRegion,
    },
    ...(Object.keys(declared).length > 0 && { declared }),
    hospitalCode: request.hospitalCode,
    visit: { visitNo, careType, serviceDate },
    consent: request.consent,
    payout: request.payout,
    receipts: receiptsOf(request),
  };
}

function caseOf(claimId: string, filing: Filing, now: string): ClaimCase {
  return {
    claimId,
    status: 'SUBMITTED',
    version: 1,
    createdAt: now,
    updatedAt: now,
    insured: filing.insured,
    hospitalCode: filing.hospitalCode,
    visit: filing.visit,
    ...(filing.declared && { declared: filing.declared }),
    consent: filing.consent,
    payout: filing.payout,
    receiptIds: filing.receipts.map((r) => r.receiptId),
    ...(filing.filedBy && { filedBy: filing.filedBy }),
  };
}

/** The claim a key filed before, if any; the same key with another request is 422. */
async function claimFiledWith(
  filer: string,
  key: string,
  requestHash: string,
): Promise<ClaimCase | undefined> {
  const claims = deps('claims');
  const earlier = await claims.submissions.find(filer, key);
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
 * The claim for this request: the one its idempotency key filed before (a repeat of a request
 * whose answer was lost), or a new one, the key recorded in the case's own transaction.
 * `filedNow` is false when the request filed nothing. `filer` is whoever sent the request (its
 * keys and quota are theirs); `actor` is who the history names.
 */
async function fileOnce(filing: Filing, by: FiledThrough): Promise<{ claim: ClaimCase; filedNow: boolean }> {
  const { filer, idempotencyKey: key, onBehalf } = by;
  const requestHash = contentHash(by.request);
  // No read of the key first: its item is written in the claim's transaction on condition it is
  // new (one request less per claim); a repeat's transaction fails on it, and only then is the
  // claim it filed read. The quota is the insured person's: their claims, whoever files them.
  // Taken in the claim's own transaction too, so a claim not stored takes none.
  const quota = dailyQuotaItem(filing.insured.idNumberHash, 'claims');
  const now = deps('now')();
  const claim = caseOf(newClaimId(now), filing, now.toISOString());
  const claims = deps('claims');
  try {
    await claims.create(claim, by.actor, [
      quota.item,
      ...(key ? [claims.submissions.item(filer, key, { claimId: claim.claimId, requestHash })] : []),
      // The delegation still stands (a window authorisation used up now), and the citizen is told.
      ...(onBehalf
        ? [
            claims.delegations.useItem(onBehalf.delegation, claim.claimId),
            claims.citizens.notificationItem(filedForYou(claim, onBehalf)),
            claims.notificationOutbox.item(filedForYou(claim, onBehalf)),
          ]
        : []),
    ]);
    // Through the outbox like a status move's: a failure leaves it pending for the drain.
    if (onBehalf) await deliverNotification(filedForYou(claim, onBehalf)).catch(() => undefined);
    return { claim, filedNow: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    // The key filed a claim before (a repeat whose answer was lost, or a request running at the
    // same time): answer with that claim, before the quota (which that claim itself may have used).
    const earlier = key && (await claimFiledWith(filer, key, requestHash));
    if (earlier) return { claim: earlier, filedNow: false };
    // The quota's item: after the case and the visit's link (adapters/claims/cases.ts `create`).
    if (error.CancellationReasons?.[QUOTA_ITEM_AT]?.Code === 'ConditionalCheckFailed') throw quota.refusal();
    // Revoked, or the authorisation used, between the check and the write.
    if (onBehalf) throw forbidden('no valid authority to file for this person: revoked or used meanwhile');
    throw error;
  }
}

/** Who sent the request, what the history names, and the authority of a filing for someone else. */
export interface FiledThrough {
  /** The sender: their idempotency keys. */
  filer: string;
  /** Who the history names (the insured citizen when absent). */
  actor?: AuditActor;
  onBehalf?: OnBehalf;
  request: unknown;
  idempotencyKey: string | undefined;
}

/**
 * Files the claim (once per idempotency key), stores its receipts, starts its workflow with the
 * claim id as execution name (a repeated start cannot run a claim twice) and publishes
 * Claim.Submitted. A repeat of a request finishes what the first left undone and counts nothing.
 */
export async function fileClaim(filing: Filing, by: FiledThrough): Promise<ClaimCase> {
  const claims = deps('claims');
  const { claim, filedNow } = await fileOnce(filing, by);
  const { claimId } = claim;
  await Promise.all(
    filing.receipts.map((r) => claims.putDocument(claimId, 'RECEIPT', r.receiptId, { ...r })),
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
  logger.info('claim submitted', { claimId, hospitalCode: claim.hospitalCode, onBehalf: !!claim.filedBy });
  return claim;
}
