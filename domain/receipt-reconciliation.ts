import type { SignedEBill } from './ebill';
import {
  MIN_FIELD_CONFIDENCE,
  RECEIPT_FIELDS,
  lowConfidenceFields,
  normalizeName,
  type ReceiptFieldName,
  type ReceiptReading,
} from './receipt-reading';

/**
 * A paper receipt read by OCR against the e-bill the hospital holds for it, field by field.
 * A field read with confidence that differs is a mismatch (amount: the total; identity: bill
 * code, number, check code, date, hospital, payer); a field not read with confidence is never
 * taken as agreeing: the receipt goes to a clerk with the reason "low confidence".
 */

export interface FieldDifference {
  field: ReceiptFieldName;
  kind: 'amount' | 'identity';
  receipt: string | number | null;
  ebill: string | number;
}

export type Reconciliation =
  | { kind: 'matched' }
  | { kind: 'mismatch'; differences: FieldDifference[]; detail: string }
  | { kind: 'low_confidence'; fields: { field: ReceiptFieldName; confidence: number }[]; detail: string };

/** The e-bill's value of a field a paper receipt prints. */
export function ebillValue(bill: SignedEBill, field: ReceiptFieldName): string | number {
  switch (field) {
    case 'billBatchCode':
      return bill.billBatchCode;
    case 'billNo':
      return bill.billNo;
    case 'checkCode':
      return bill.checkCode;
    case 'issueDate':
      return bill.issueDate;
    case 'hospitalName':
      return bill.hospital.name;
    case 'payerName':
      return bill.payer.name;
    case 'totalAmtFen':
      return bill.totalAmtFen;
  }
}

function same(field: ReceiptFieldName, a: string | number, b: string | number): boolean {
  if (field === 'totalAmtFen') return a === b;
  if (field === 'checkCode') return String(a).toLowerCase() === String(b).toLowerCase();
  return normalizeName(String(a)) === normalizeName(String(b));
}

export const describeLowConfidence = (fields: { field: string; confidence: number }[]): string =>
  `low confidence: ${fields.map((f) => `${f.field} (${f.confidence.toFixed(2)})`).join(', ')}`;

export function reconcileReceipt(
  reading: ReceiptReading,
  bill: SignedEBill,
  threshold = MIN_FIELD_CONFIDENCE,
): Reconciliation {
  const low = lowConfidenceFields(reading, threshold);
  const lowNames = new Set(low.map((l) => l.field));
  const differences: FieldDifference[] = [];
  for (const field of RECEIPT_FIELDS) {
    const read = reading[field].value;
    if (read === null || lowNames.has(field)) continue;
    const expected = ebillValue(bill, field);
    if (!same(field, read, expected)) {
      differences.push({
        field,
        kind: field === 'totalAmtFen' ? 'amount' : 'identity',
        receipt: read,
        ebill: expected,
      });
    }
  }
  if (differences.length > 0) {
    return {
      kind: 'mismatch',
      differences,
      detail: differences
        .map((d) => `${d.field}: receipt ${String(d.receipt)}, e-bill ${String(d.ebill)}`)
        .join('; '),
    };
  }
  if (low.length > 0) return { kind: 'low_confidence', fields: low, detail: describeLowConfidence(low) };
  return { kind: 'matched' };
}
