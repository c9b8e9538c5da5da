import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { readReceiptImage, todayUtc } from '../../adapters/receipt-reader';
import type { ReceiptCheckContext } from '../../domain/receipt-checks';
import { billKeyOf } from '../../domain/bill-key';
import { billOwnership, RECEIPT_NOT_YOURS_DETAIL } from '../../domain/bill-ownership';
import type { ClaimCase } from '../../domain/claim';
import { receiptImageKey } from '../../domain/receipt-image';
import { lowConfidenceFields, type ReceiptReading } from '../../domain/receipt-reading';
import { describeLowConfidence, reconcileReceipt } from '../../domain/receipt-reconciliation';
import { parseReceiptQr, type ReceiptQr } from '../../domain/receipt-qr';
import type { ReceiptOutcome, StoredReceipt } from '../../domain/stored-receipt';
import { InvalidInputError } from '../../domain/validation';
import { policyOf } from './adjudication';
import { deps } from '../shared/dependencies';
import { logger, metrics } from '../shared/observability';
import { ClaimIdSchema } from '../shared/step-inputs';

export const ReadReceiptInputSchema = z.strictObject({
  claimId: ClaimIdSchema,
  receiptId: z.string().min(1),
});
type ReadReceiptInput = z.infer<typeof ReadReceiptInputSchema>;

/**
 * ReadReceipts (one Map iteration). A receipt is a QR payload or an uploaded image. QR first:
 * the code names the e-bill, which is fetched from the hospital and compared (check code,
 * date, total). An image without a readable code is read by OCR (the composition root,
 * functions/shared/dependencies.ts, picks the engine); the bill its code and number name is fetched and
 * compared field by field. Every field must be read with confidence: a field that is not
 * sends the claim to a clerk ("low confidence"), never to payment; a field that differs from
 * the e-bill sends it with the differing fields. The image stays in the object store; only
 * the reading is kept with the claim.
 */
export const readReceipt = async ({
  claimId,
  receiptId,
}: ReadReceiptInput): Promise<{ outcome: ReceiptOutcome['kind'] }> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  const receipt = await claims.getDocument<StoredReceipt>(claimId, 'RECEIPT', receiptId);
  if (!receipt) throw new Error(`claim ${claimId} has no receipt ${receiptId}`);

  let result: { outcome: ReceiptOutcome; reading?: ReceiptReading };
  if (receipt.imageId !== undefined) {
    // The policy's bar for paying on a field read from paper.
    const threshold = policyOf(claim).review.receiptConfidenceBelow;
    result = await readImage(claim, receipt.imageId, threshold);
  } else result = { outcome: await readQrPayload(claim, receipt.qrPayload ?? '') };

  await claims.putDocument(claimId, 'RECEIPT', receiptId, {
    ...receipt,
    ...(result.reading && { reading: result.reading }),
    outcome: result.outcome,
  });
  metrics.addMetric(`Receipts_${result.outcome.kind}`, MetricUnit.Count, 1);
  return { outcome: result.outcome.kind };
};

async function readQrPayload(claim: ClaimCase, payload: string): Promise<ReceiptOutcome> {
  let qr;
  try {
    qr = parseReceiptQr(payload);
  } catch (error) {
    if (error instanceof InvalidInputError) return { kind: 'unreadable', detail: error.message };
    throw error;
  }
  return matchQr(claim, qr);
}

/**
 * The e-bill a QR code names, fetched only from the hospital the citizen consented to (a code
 * naming another goes to a clerk unfetched) and kept only when it is the claimant's.
 */
async function matchQr(claim: ClaimCase, qr: ReceiptQr): Promise<ReceiptOutcome> {
  const code = claim.hospitalCode;
  if (qr.hospitalCode !== code)
    return { kind: 'other_hospital', detail: `the receipt names hospital ${qr.hospitalCode}, not ${code}` };
  const bill = await deps('hospitals').fetchEBill(code, qr.billBatchCode, qr.billNo);
  const billKey = billKeyOf(qr);
  if (!bill) return { kind: 'not_found', detail: `hospital ${code} has no bill ${billKey}` };
  if (!billOwnership(bill, claim.insured, { checkCode: qr.checkCode }).yours)
    return { kind: 'not_yours', detail: RECEIPT_NOT_YOURS_DETAIL };
  const differences = [
    bill.totalAmtFen !== qr.totalAmtFen ? 'totalAmtFen' : undefined,
    bill.issueDate !== qr.issueDate ? 'issueDate' : undefined,
  ].filter((d) => d !== undefined);
  if (differences.length > 0)
    return { kind: 'mismatch', detail: `${billKey}: ${differences.join(', ')} differ` };
  await deps('claims').putEBill(claim.claimId, bill);
  return { kind: 'matched', billKey };
}

/**
 * What a reading is checked against: today, and the hospital registry's entry for the claim's
 * hospital (the hospital the citizen consented to, whose e-bill the paper must be). A hospital
 * name read from paper that is not that hospital's registered name (or one character from it) is
 * not trusted; an unregistered hospital leaves names checked by form only.
 */
async function checksFor(hospitalCode: string): Promise<ReceiptCheckContext> {
  const { profile } = await deps('hospitalRegistry').lookup(hospitalCode);
  return {
    today: todayUtc(),
    ...(profile && { hospitals: [{ name: profile.name, code: profile.code }] }),
  };
}

async function readImage(
  claim: ClaimCase,
  imageId: string,
  threshold: number,
): Promise<{ outcome: ReceiptOutcome; reading?: ReceiptReading }> {
  const { claimId, hospitalCode } = claim;
  const stored = await deps('receiptImages').get(receiptImageKey(imageId));
  if (!stored) return { outcome: { kind: 'unreadable', detail: `image ${imageId} is not in the store` } };
  let read;
  try {
    read = await readReceiptImage(stored.body, deps('ocr'), { checks: await checksFor(hospitalCode) });
  } catch (error) {
    if (error instanceof InvalidInputError) return { outcome: { kind: 'unreadable', detail: error.message } };
    throw error;
  }
  const { reading } = read;
  logger.info('receipt image read', { imageId, source: reading.source, ...read.timings });
  if (read.qr) return { outcome: await matchQr(claim, read.qr), reading };

  // The bill code and number name the e-bill: unsure of either, there is nothing to compare with.
  const keyFields = lowConfidenceFields(reading, threshold).filter(
    (f) => f.field === 'billBatchCode' || f.field === 'billNo',
  );
  const { billBatchCode, billNo } = reading;
  if (keyFields.length > 0 || billBatchCode.value === null || billNo.value === null) {
    const all = lowConfidenceFields(reading, threshold);
    return { outcome: { kind: 'low_confidence', detail: describeLowConfidence(all), fields: all }, reading };
  }
  const bill = await deps('hospitals').fetchEBill(hospitalCode, billBatchCode.value, billNo.value);
  const billKey = billKeyOf({ hospitalCode, billBatchCode: billBatchCode.value, billNo: billNo.value });
  if (!bill) {
    return {
      outcome: { kind: 'not_found', detail: `hospital ${hospitalCode} has no bill ${billKey}` },
      reading,
    };
  }
  // Only the claimant's bill, and only when the paper carries its check code: the bill number
  // alone is sequential, so reading it back would show a stranger's bill.
  if (!billOwnership(bill, claim.insured, { checkCode: reading.checkCode.value }).yours)
    return { outcome: { kind: 'not_yours', detail: RECEIPT_NOT_YOURS_DETAIL }, reading };
  // The e-bill is the hospital's signed original: keep it whatever else the paper says; the
  // finding below decides whether a clerk must look before it is paid.
  await deps('claims').putEBill(claimId, bill);
  const reconciled = reconcileReceipt(reading, bill, threshold);
  switch (reconciled.kind) {
    case 'matched':
      return { outcome: { kind: 'matched', billKey }, reading };
    case 'mismatch':
      return {
        outcome: {
          kind: 'mismatch',
          detail: `${billKey}: ${reconciled.detail}`,
          differences: reconciled.differences,
        },
        reading,
      };
    case 'low_confidence':
      return {
        outcome: {
          kind: 'low_confidence',
          detail: `${billKey}: ${reconciled.detail}`,
          fields: reconciled.fields,
        },
        reading,
      };
  }
}
