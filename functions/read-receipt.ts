import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { billKeyOf } from '../domain/bill-key';
import { parseReceiptQr } from '../domain/receipt-qr';
import { InvalidInputError } from '../domain/validation';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimIdSchema } from './shared/step-inputs';

const ReadReceiptInputSchema = z.strictObject({ claimId: ClaimIdSchema, receiptId: z.string().min(1) });
type ReadReceiptInput = z.infer<typeof ReadReceiptInputSchema>;

/** What reading a receipt came to; stored as DOC#RECEIPT#<id>.outcome for VerifyDocuments. */
export type ReceiptOutcome =
  | { kind: 'matched'; billKey: string }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'not_found'; detail: string }
  | { kind: 'mismatch'; detail: string };

export interface StoredReceipt {
  receiptId: string;
  qrPayload: string;
  outcome?: ReceiptOutcome;
}

/**
 * ReadReceipts (one Map iteration): a paper receipt's QR code names its e-bill; fetch that
 * e-bill from the hospital and keep it with the claim. A code that does not read, a bill the
 * hospital does not know, or one whose check code or total differs from the paper, is recorded
 * for verification to route to a clerk. (OCR of receipts without a QR code comes later.)
 */
export const readReceipt = async ({
  claimId,
  receiptId,
}: ReadReceiptInput): Promise<{ outcome: ReceiptOutcome['kind'] }> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  const receipt = await claims.getDocument<StoredReceipt>(claimId, 'RECEIPT', receiptId);
  if (!receipt) throw new Error(`claim ${claimId} has no receipt ${receiptId}`);

  const outcome = await readOne(claimId, claim.hospitalCode, receipt.qrPayload);
  await claims.putDocument(claimId, 'RECEIPT', receiptId, { ...receipt, outcome });
  metrics.addMetric(`Receipts_${outcome.kind}`, MetricUnit.Count, 1);
  return { outcome: outcome.kind };
};

async function readOne(claimId: string, hospitalCode: string, payload: string): Promise<ReceiptOutcome> {
  let qr;
  try {
    qr = parseReceiptQr(payload);
  } catch (error) {
    if (error instanceof InvalidInputError) return { kind: 'unreadable', detail: error.message };
    throw error;
  }
  const code = qr.hospitalCode || hospitalCode;
  const bill = await deps('hospitals').fetchEBill(code, qr.billBatchCode, qr.billNo);
  const billKey = billKeyOf(qr);
  if (!bill) return { kind: 'not_found', detail: `hospital ${code} has no bill ${billKey}` };
  const differences = [
    bill.checkCode.toLowerCase() !== qr.checkCode.toLowerCase() ? 'checkCode' : undefined,
    bill.totalAmtFen !== qr.totalAmtFen ? 'totalAmtFen' : undefined,
    bill.issueDate !== qr.issueDate ? 'issueDate' : undefined,
  ].filter((d) => d !== undefined);
  if (differences.length > 0)
    return { kind: 'mismatch', detail: `${billKey}: ${differences.join(', ')} differ` };
  await deps('claims').putEBill(claimId, bill);
  return { kind: 'matched', billKey };
}

export const handler = stepHandler(ReadReceiptInputSchema, readReceipt);
