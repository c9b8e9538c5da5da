import type { ReceiptReading } from './receipt-reading';
import type { FieldDifference } from './receipt-reconciliation';

// The receipt document of a claim (DOC#RECEIPT#<id>): written by SubmitClaim and ReadReceipts,
// read by VerifyDocuments and the receipt views. Its own module so that no handler imports another.

/** What reading a receipt came to; stored as DOC#RECEIPT#<id>.outcome for VerifyDocuments. */
export type ReceiptOutcome =
  | { kind: 'matched'; billKey: string }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'not_found'; detail: string }
  | { kind: 'mismatch'; detail: string; differences?: FieldDifference[] }
  | { kind: 'low_confidence'; detail: string; fields: { field: string; confidence: number }[] }
  /** The bill's payer is not the claimant, or the paper's check code is not the bill's: nothing of it is kept. */
  | { kind: 'not_yours'; detail: string }
  /** The receipt names a hospital the citizen did not consent to fetch from: nothing is fetched. */
  | { kind: 'other_hospital'; detail: string };

export interface StoredReceipt {
  receiptId: string;
  /** The QR code's text, when the citizen's app scanned it. */
  qrPayload?: string;
  /** An uploaded photo or scan (object store key receipt-images/<imageId>). */
  imageId?: string;
  /** What was read from the image, field by field with confidences: the clerk sees it beside the image. */
  reading?: ReceiptReading;
  outcome?: ReceiptOutcome;
}
