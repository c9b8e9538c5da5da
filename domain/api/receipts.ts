import { z } from 'zod';
import { RECEIPT_FIELDS } from '../receipt-reading';
import { ClaimIdSchema } from '../schema-primitives';

/**
 * A claim's paper receipts as the HTTP API shows them: for each, what was read from it field by
 * field with the confidence of each read, how it was reconciled with the hospital's e-bill (and
 * the fields that differ), and the e-bill's own values beside them (functions/views/
 * receipt-views.ts). The image itself is fetched by its receipt id.
 */

/** What POST /receipt-images answers. */
export const UploadReceiptImageResponseSchema = z
  .object({
    imageId: z.string(),
    contentType: z.enum(['image/png', 'image/jpeg']),
    bytes: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
  })
  .meta({ id: 'ReceiptImage' });

export const ReceiptPathSchema = z.object({
  claimId: ClaimIdSchema,
  receiptId: z.string().regex(/^R\d{1,3}$/),
});

/** GET /claims/{claimId}/receipts/{receiptId}/image: the bytes. */
export const ReceiptImageBytesSchema = z.string().meta({ format: 'binary' });

const FieldValueSchema = z.union([z.string(), z.number(), z.null()]);

const ReceiptFieldViewSchema = z.object({
  field: z.enum(RECEIPT_FIELDS),
  value: FieldValueSchema,
  confidence: z.number().min(0).max(1),
  /** The e-bill's value of the same field, when the e-bill is with the claim. */
  ebill: FieldValueSchema.optional(),
  /** The reconciliation found this field different from the e-bill, or read it without confidence. */
  flagged: z.enum(['differs', 'low_confidence']).optional(),
});

export const ReceiptViewSchema = z
  .object({
    receiptId: z.string(),
    imageId: z.string().optional(),
    hasImage: z.boolean(),
    source: z.string().optional().meta({ description: "'qr' or the OCR engine's name" }),
    fields: z.array(ReceiptFieldViewSchema),
    items: z.array(
      z.object({
        name: z.string(),
        qty: z.number().nullable(),
        amountFen: z.number().int(),
        confidence: z.number(),
      }),
    ),
    outcome: z
      .object({
        kind: z.enum([
          'matched',
          'unreadable',
          'not_found',
          'mismatch',
          'low_confidence',
          'not_yours',
          'other_hospital',
        ]),
        detail: z.string().optional(),
      })
      .optional()
      .meta({ description: 'absent while the receipt has not been read yet' }),
  })
  .meta({ id: 'Receipt' });
export type ReceiptView = z.infer<typeof ReceiptViewSchema>;

export const ReceiptsViewSchema = z
  .object({ claimId: z.string(), receipts: z.array(ReceiptViewSchema) })
  .meta({
    id: 'Receipts',
    description: 'A claim’s receipts: what was read, how it compares with the e-bill.',
  });
