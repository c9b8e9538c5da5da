import type { ReceiptView } from '../../domain/api/receipts';
import type { SignedEBill } from '../../domain/ebill';
import { maskName } from '../../domain/masking';
import { RECEIPT_FIELDS, type ReceiptFieldName } from '../../domain/receipt-reading';
import { ebillValue } from '../../domain/receipt-reconciliation';
import type { StoredReceipt } from '../../domain/stored-receipt';
import type { Audience } from './claim-views';

/**
 * What the HTTP API shows of a claim's receipts (the schema: domain/api/receipts.ts): for each, what was read from it field by field
 * with the confidence of each read, how it was reconciled with the hospital's e-bill (and the
 * fields that differ), and the e-bill's own values beside them, so a clerk can set the image,
 * the reading and the bill side by side. The image itself is fetched by its receipt id.
 */

/** The e-bill's value beside a field read; a citizen sees the payer's name masked. */
function ebillValueFor(bill: SignedEBill, field: ReceiptFieldName, audience: Audience): string | number {
  const value = ebillValue(bill, field);
  return field === 'payerName' && audience !== 'staff' ? maskName(String(value)) : value;
}

function flagOf(receipt: StoredReceipt, field: ReceiptFieldName): ReceiptView['fields'][number]['flagged'] {
  const { outcome } = receipt;
  if (outcome?.kind === 'mismatch' && outcome.differences?.some((d) => d.field === field)) return 'differs';
  if (outcome?.kind === 'low_confidence' && outcome.fields.some((f) => f.field === field))
    return 'low_confidence';
  return undefined;
}

/** The e-bill a receipt is a paper copy of: the one its read bill number names. */
function billOf(receipt: StoredReceipt, bills: readonly SignedEBill[]): SignedEBill | undefined {
  const billNo = receipt.reading?.billNo.value;
  if (billNo) return bills.find((b) => b.billNo === billNo && !b.reversalOf);
  return undefined;
}

export function receiptView(
  receipt: StoredReceipt,
  bills: readonly SignedEBill[],
  audience: Audience,
): ReceiptView {
  const { reading, outcome } = receipt;
  const bill = billOf(receipt, bills);
  return {
    receiptId: receipt.receiptId,
    ...(receipt.imageId !== undefined && { imageId: receipt.imageId }),
    hasImage: receipt.imageId !== undefined,
    ...(reading && { source: reading.source }),
    fields: reading
      ? RECEIPT_FIELDS.map((field) => {
          const flagged = flagOf(receipt, field);
          return {
            field,
            value: reading[field].value,
            confidence: reading[field].confidence,
            ...(bill && { ebill: ebillValueFor(bill, field, audience) }),
            ...(flagged && { flagged }),
          };
        })
      : [],
    items: (reading?.items ?? []).map(({ name, qty, amountFen, confidence }) => ({
      name,
      qty,
      amountFen,
      confidence,
    })),
    ...(outcome && {
      outcome: { kind: outcome.kind, ...('detail' in outcome && { detail: outcome.detail }) },
    }),
  };
}
