import { z } from 'zod';
import { BillBatchCodeSchema, BillNoSchema, HospitalCodeSchema } from './ebill';
import { FenSchema, IsoDateSchema } from './schema-primitives';
import { InvalidInputError, issuesFromZod } from './validation';

/**
 * The QR code printed on a paper copy of a medical e-bill. Its payload names the bill for life
 * (batch code + number), its check code, date and total, so crossclaim can fetch the electronic
 * original instead of reading the paper:
 *
 *   CCEB1|<hospitalCode>|<billBatchCode>|<billNo>|<checkCode>|<issueDate>|<totalAmtFen>
 *
 * (Real provincial platforms each print their own layout; this is ours, versioned by its prefix.)
 */
export const RECEIPT_QR_PREFIX = 'CCEB1';

const ReceiptQrSchema = z.strictObject({
  hospitalCode: HospitalCodeSchema,
  billBatchCode: BillBatchCodeSchema,
  billNo: BillNoSchema,
  checkCode: z.string().regex(/^[0-9a-fA-F]{6}$/, { error: 'must be 6 hexadecimal digits' }),
  issueDate: IsoDateSchema,
  totalAmtFen: FenSchema,
});
export type ReceiptQr = z.infer<typeof ReceiptQrSchema>;

const FIELDS = ['hospitalCode', 'billBatchCode', 'billNo', 'checkCode', 'issueDate', 'totalAmtFen'] as const;

export function parseReceiptQr(payload: string): ReceiptQr {
  const parts = payload.trim().split('|');
  if (parts[0] !== RECEIPT_QR_PREFIX || parts.length !== FIELDS.length + 1) {
    throw new InvalidInputError('receipt QR code', [
      { path: '', message: `is not a ${RECEIPT_QR_PREFIX} medical bill code with ${FIELDS.length} fields` },
    ]);
  }
  const raw: Record<string, unknown> = {};
  FIELDS.forEach((field, i) => {
    const value = parts[i + 1] ?? '';
    raw[field] = field === 'totalAmtFen' && /^\d+$/.test(value) ? Number(value) : value;
  });
  const result = ReceiptQrSchema.safeParse(raw);
  if (!result.success) throw new InvalidInputError('receipt QR code', issuesFromZod(result.error));
  return result.data;
}

export function formatReceiptQr(qr: ReceiptQr): string {
  return [RECEIPT_QR_PREFIX, ...FIELDS.map((f) => String(qr[f]))].join('|');
}
