import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { billKeyOf } from '../../domain/bill-key';
import type { SignedEBill } from '../../domain/ebill';
import { verifyEBillSignature } from '../../domain/ebill-signature';
import { InvalidInputError } from '../../domain/validation';
import { parseEventBridgeEvent, type ReceivedEvent } from '../../events/envelope';
import { deps } from '../shared/dependencies';
import { isStaleToken } from '../shared/task-tokens';
import { attachOwnBills } from '../shared/attach-bills';
import { proveCancellation, reversedBillKey } from '../shared/bill-cancellations';
import { compareBillVersions } from '../../domain/bill-versions';
import { logger, metrics } from '../shared/observability';

export type IngestOutcome =
  { accepted: true; billKey: string; resumedClaims: number } | { accepted: false; reason: string };

const reject = (reason: string, metric: string): IngestOutcome => {
  metrics.addMetric(metric, MetricUnit.Count, 1);
  logger.warn('hospital event rejected', { reason });
  return { accepted: false, reason };
};

/** Resumes every claim of the visit that waits for its e-bill. A claim already resumed is fine. */
async function resumeWaitingClaims(bill: SignedEBill & { visitNo: string }): Promise<number> {
  const claims = deps('claims');
  let resumed = 0;
  for (const claimId of await claims.claimsForVisit(bill.hospital.code, bill.visitNo)) {
    const claim = await claims.find(claimId);
    if (claim?.status !== 'WAITING_FOR_EBILL' || !claim.taskToken) continue;
    // A bill whose payer is not the claimant is counted on the claim, never attached or resumed on.
    const own = await attachOwnBills(claim, [bill], { role: 'hospital', sub: bill.hospital.code });
    if (own.length === 0) continue;
    try {
      await deps('sfn').send(
        new SendTaskSuccessCommand({
          taskToken: claim.taskToken,
          output: JSON.stringify({ claimId, billCount: 1 }),
        }),
      );
      resumed++;
    } catch (error) {
      if (!isStaleToken(error)) throw error;
      logger.info('claim was resumed already', { claimId });
    }
  }
  return resumed;
}

async function ingestIssued(event: ReceivedEvent<'EBill.Issued'>): Promise<IngestOutcome> {
  const bill = event.detail.ebill;
  const { keys } = await deps('hospitalRegistry').lookup(bill.hospital.code);
  const signature = verifyEBillSignature(bill, keys);
  if (!signature.ok) return reject(`signature: ${signature.reason}`, 'EBillEventsRejected');

  const claims = deps('claims');
  const key = billKeyOf(bill);
  // A plain issued bill of a visit, the common case, is put in the inbox unless one is there
  // under its key or a claim of the visit waits for it, in one request (the rendezvous of
  // adapters/claims/documents.ts): put with no claim waiting, it has nobody to resume (a claim that
  // parks later reads it). A claim waiting: the bill is put and the visit's claims read, write then
  // read. A bill there under its key is read and compared. A voided or reversal bill records its
  // flags first, as before, so it is compared before it is stored.
  if (bill.visitNo && bill.status === 'issued' && !bill.reversalOf) {
    const withVisit = { ...bill, visitNo: bill.visitNo };
    const put = await claims.putNewVisitEBillUnlessAwaited(withVisit);
    if (put === 'stored') {
      metrics.addMetric('EBillEventsAccepted', MetricUnit.Count, 1);
      return { accepted: true, billKey: key, resumedClaims: 0 };
    }
    if (put === 'awaited' && (await claims.putNewVisitEBill(withVisit))) return accepted(withVisit, key);
  }
  const seen = bill.visitNo ? await claims.visitEBill(bill.hospital.code, bill.visitNo, key) : undefined;
  const order = seen ? compareBillVersions(bill, seen) : 'newer';
  // A replayed older version (issued after voided) never overwrites the newer one.
  if (order === 'older') return reject('an older version of a stored bill', 'EBillReplaysIgnored');
  // A red reversal cancels only a bill of the hospital that signed it (keys are hospital-scoped).
  if (bill.reversalOf)
    await claims.recordBillFlag(reversedBillKey({ ...bill, reversalOf: bill.reversalOf }), 'REVERSED', key);
  if (bill.status === 'voided') await claims.recordBillFlag(key, 'VOIDED');
  if (!bill.visitNo) {
    metrics.addMetric('EBillsWithoutVisit', MetricUnit.Count, 1);
    return { accepted: true, billKey: key, resumedClaims: 0 };
  }
  if (order === 'conflict') {
    // Same bill identity, different content: never silently replaced. A clerk decides.
    await claims.recordBillFlag(key, 'CONFLICT', event.id);
    metrics.addMetric('EBillConflicts', MetricUnit.Count, 1);
    logger.warn('a bill was re-issued with different content', { billKey: key });
    return { accepted: true, billKey: key, resumedClaims: 0 };
  }
  const withVisit = { ...bill, visitNo: bill.visitNo };
  await claims.putVisitEBill(withVisit);
  return accepted(withVisit, key);
}

/** A bill stored in its visit's inbox: every claim of the visit waiting for it is resumed. */
async function accepted(bill: SignedEBill & { visitNo: string }, billKey: string): Promise<IngestOutcome> {
  metrics.addMetric('EBillEventsAccepted', MetricUnit.Count, 1);
  return { accepted: true, billKey, resumedClaims: await resumeWaitingClaims(bill) };
}

/**
 * EBill.Voided is a prompt, not proof (events/ebill-events.ts): only the hospital's own signed
 * voided bill, or its signed reversal bill pointing back at the bill, cancels anything.
 */
async function ingestVoided(event: ReceivedEvent<'EBill.Voided'>): Promise<IngestOutcome> {
  const proof = await proveCancellation(event.detail);
  if (!proof.ok) return reject(proof.reason, 'EBillVoidsUnconfirmed');
  await deps('claims').recordBillFlag(proof.billKey, event.detail.reversedBy ? 'REVERSED' : 'VOIDED');
  metrics.addMetric('EBillVoidsRecorded', MetricUnit.Count, 1);
  return { accepted: true, billKey: proof.billKey, resumedClaims: 0 };
}

/**
 * ingest-ebill, the target of the hospital e-bill rule: an e-bill a hospital pushed. The event
 * is parsed against its contract, the bill's Ed25519 signature checked against the hospital
 * key registry (a forged, unsigned or wrongly signed bill is counted and never stored as
 * valid), the bill kept in its visit's inbox (so a claim filed later finds it) and any claim
 * waiting for it resumed.
 */
export const ingestEBill = async (event: unknown): Promise<IngestOutcome> => {
  let parsed: ReceivedEvent<'EBill.Issued' | 'EBill.Voided'>;
  try {
    parsed = parseEventBridgeEvent(event, ['EBill.Issued', 'EBill.Voided']);
  } catch (error) {
    if (error instanceof InvalidInputError) return reject(error.message, 'EBillEventsMalformed');
    throw error;
  }
  return parsed.detailType === 'EBill.Issued' ? ingestIssued(parsed) : ingestVoided(parsed);
};
