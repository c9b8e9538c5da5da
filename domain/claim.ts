import { z } from 'zod';
import { ClerkRejectionCodeSchema } from './clerk-rejection-reasons';
import { HospitalCodeSchema } from './ebill';
import { isValidIdNumber } from './identity';
import { ReceiptImageIdSchema } from './receipt-image';
import {
  CareTypeSchema,
  FilingTypeSchema,
  InsuredStatusSchema,
  IsoDateSchema,
  RegionCodeSchema,
} from './schema-primitives';
import { VisitRefSchema } from './visits';

// The case record's types come from its schema (./stored-case.ts); type-only, so no import cycle.
export type {
  Appeal,
  ClaimCase,
  ClaimReason,
  DeclaredFacts,
  FiledBy,
  InfoRequest,
  PendingCheck,
  ReturnedCheck,
} from './stored-case';

export const IdNumberSchema = z
  .string()
  .regex(/^\d{17}[\dX]$/, { error: 'must be an 18-character resident ID number' })
  .refine(isValidIdNumber, { error: 'is not a valid resident ID number (check digit or birth date)' });

export { RegionCodeSchema };

/** A paper receipt the citizen holds, by the text of its QR code (an app that scanned it). */
export const ReceiptSubmissionSchema = z.strictObject({
  qrPayload: z.string().min(1).max(512),
});

/**
 * A photo or scan of a paper receipt, uploaded first (POST /receipt-images) and named by its
 * id. The image's bytes stay in the object store; the case and the workflow carry only the id.
 */
export const ReceiptImageSubmissionSchema = z.strictObject({ imageId: ReceiptImageIdSchema });

const PayoutAccountSchema = z.strictObject({
  bankAccount: z.string().regex(/^\d{12,19}$/, { error: 'must be 12 to 19 digits' }),
  accountName: z.string().min(1).max(50),
});

/** The receipts a filing may carry: typed-in ones and uploaded images, 20 in all. */
const RECEIPT_FIELDS = {
  receipts: z.array(ReceiptSubmissionSchema).max(20).default([]),
  receiptImages: z.array(ReceiptImageSubmissionSchema).max(20).optional(),
};
const atMostTwentyReceipts = (r: { receipts: unknown[]; receiptImages?: unknown[] | undefined }) =>
  r.receipts.length + (r.receiptImages?.length ?? 0) <= 20;
const AT_MOST_TWENTY_RECEIPTS = {
  error: 'at most 20 receipts in all (receipts and receiptImages)',
  path: ['receiptImages'],
};

/** What a citizen sends to start a claim (POST /claims). */
export const SubmitClaimRequestSchema = z
  .strictObject({
    insured: z.strictObject({
      idNumber: IdNumberSchema,
      name: z.string().min(1).max(50),
      /** The region whose insurance system is asked (参保地). */
      homeRegion: RegionCodeSchema,
      /**
       * Declared only (older clients send them): the home region's record decides scheme and
       * status; a declared value that disagrees is kept as a note, never used for money.
       */
      scheme: z
        .string()
        .regex(/^[a-z_]+$/)
        .optional(),
      status: InsuredStatusSchema.optional(),
    }),
    hospitalCode: HospitalCodeSchema,
    visit: z.strictObject({
      visitNo: z.string().min(1).max(40),
      careType: CareTypeSchema,
      serviceDate: IsoDateSchema,
      /** Declared only: the home region's totals say which stay of the year this is. */
      admissionSeqInYear: z.number().int().min(1).optional(),
      /** Declared only: the home region's filings (备案) decide the filing type. */
      filingType: FilingTypeSchema.optional(),
    }),
    consent: z.strictObject({
      /** The citizen authorises crossclaim to fetch bills and records from this hospital. */
      fetchRecords: z.literal(true, { error: 'must be true: records are fetched only with consent' }),
      hospitalCode: HospitalCodeSchema,
      grantedAt: z.iso.datetime({ offset: true }),
    }),
    payout: PayoutAccountSchema,
    ...RECEIPT_FIELDS,
  })
  .refine(atMostTwentyReceipts, AT_MOST_TWENTY_RECEIPTS)
  .refine((r) => r.consent.hospitalCode === r.hospitalCode, {
    error: 'consent must name the hospital the claim is for',
    path: ['consent', 'hospitalCode'],
  });
export type SubmitClaimRequest = z.infer<typeof SubmitClaimRequestSchema>;

/**
 * POST /claims from a visit chosen in GET /my/visits: the visit, consent to fetch its records
 * from its hospital, and the account to pay into. No hospital code or visit number to type: the
 * server finds the visit again among the signed-in citizen's own.
 */
export const FileFromVisitRequestSchema = z
  .strictObject({
    visitRef: VisitRefSchema,
    homeRegion: RegionCodeSchema,
    consent: z.strictObject({
      /** The citizen authorises crossclaim to fetch bills and records from the visit's hospital. */
      fetchRecords: z.literal(true, { error: 'must be true: records are fetched only with consent' }),
      grantedAt: z.iso.datetime({ offset: true }),
    }),
    payout: PayoutAccountSchema,
    ...RECEIPT_FIELDS,
  })
  .refine(atMostTwentyReceipts, AT_MOST_TWENTY_RECEIPTS);
export type FileFromVisitRequest = z.infer<typeof FileFromVisitRequestSchema>;

/** A clerk's change to one line: allow `allowedFen` of what was billed, and say why. */
export const LineAdjustmentSchema = z.strictObject({
  /** The line's 1-based position in the explanation of benefits. */
  seq: z.number().int().min(1),
  allowedFen: z.number().int().min(0, { error: 'must be 0 or more fen' }),
  reason: z.string().trim().min(1).max(200),
});
export type LineAdjustment = z.infer<typeof LineAdjustmentSchema>;

const ClerkNoteSchema = z.string().trim().min(1).max(500);

const decisionOptions = [
  z.strictObject({ decision: z.literal('approve'), note: ClerkNoteSchema.optional() }),
  z.strictObject({
    decision: z.literal('reject'),
    reasonCode: ClerkRejectionCodeSchema,
    note: ClerkNoteSchema,
  }),
  z.strictObject({ decision: z.literal('retry'), note: ClerkNoteSchema.optional() }),
  z.strictObject({
    decision: z.literal('adjust'),
    lines: z
      .array(LineAdjustmentSchema)
      .min(1, { error: 'must adjust at least one line' })
      .max(500)
      .refine((lines) => new Set(lines.map((l) => l.seq)).size === lines.length, {
        error: 'each line may be adjusted once',
      }),
    note: ClerkNoteSchema.optional(),
  }),
  z.strictObject({
    decision: z.literal('request_info'),
    question: ClerkNoteSchema,
    /** Days the citizen has to answer; the policy's infoDeadlineDays when left out. */
    deadlineDays: z.number().int().min(1).max(90).optional(),
  }),
] as const;

/**
 * What a clerk decides about a case waiting in their queue (POST /claims/{id}/decision):
 * approve (pay the adjudicated benefit), reject (with a reason the citizen reads and a note),
 * retry (run the claim from eligibility again, e.g. after a hospital came back), adjust (allow
 * less of some lines, each with a reason; the engine recomputes, then the result is paid), or
 * request_info (ask the citizen; the workflow waits for the answer until a deadline).
 */
export const ClerkDecisionRequestSchema = z.discriminatedUnion('decision', [...decisionOptions]);
export type ClerkDecisionRequest = z.infer<typeof ClerkDecisionRequestSchema>;

/** A decision as the case keeps it: what was decided, by which clerk, when, and who checked it. */
const decidedBy = {
  clerkId: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  checkedBy: z.string().min(1).optional(),
  /** The checker's words, if any. */
  checkNote: z.string().min(1).optional(),
};
export const ClerkDecisionSchema = z.discriminatedUnion('decision', [
  decisionOptions[0].extend(decidedBy),
  decisionOptions[1].extend(decidedBy),
  decisionOptions[2].extend(decidedBy),
  decisionOptions[3].extend(decidedBy),
  decisionOptions[4].extend(decidedBy),
]);
export type ClerkDecision = z.infer<typeof ClerkDecisionSchema>;

/** The words a decision carries: the clerk's note, or the question put to the citizen. */
export function decisionNote(decision: ClerkDecisionRequest): string | undefined {
  return decision.decision === 'request_info' ? decision.question : decision.note;
}

/** A second clerk's verdict on a decision waiting for a check (POST /claims/{id}/check). */
export const CheckRequestSchema = z.strictObject({
  verdict: z.enum(['confirm', 'return']),
  note: ClerkNoteSchema.optional(),
});
export type CheckRequest = z.infer<typeof CheckRequestSchema>;

/** The citizen's answer to a clerk's question (POST /claims/{id}/information). */
export const InformationAnswerSchema = z.strictObject({
  answer: z.string().trim().min(1).max(2000),
  receiptImages: z.array(ReceiptImageSubmissionSchema).max(10).optional(),
});
export type InformationAnswer = z.infer<typeof InformationAnswerSchema>;

/** A citizen's appeal of a decided claim (POST /claims/{id}/appeals). */
export const AppealRequestSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export type AppealRequest = z.infer<typeof AppealRequestSchema>;
