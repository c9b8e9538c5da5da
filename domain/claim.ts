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
  type CareType,
  type FilingType,
  type InsuredStatus,
} from './schema-primitives';
import type { ClaimStatus } from './claim-status';
import type { Coverage } from './home-region';
import { VisitRefSchema } from './visits';

/** Facts a citizen may still send on the form, which the home region's record decides. */
export interface DeclaredFacts {
  scheme?: string;
  status?: InsuredStatus;
  filingType?: FilingType;
  admissionSeqInYear?: number;
}

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

/** Why a claim left the happy path: a code for machines, words for people. */
export interface ClaimReason {
  code: string;
  zh: string;
  en: string;
  detail?: string;
}

/**
 * The case record (PK CLAIM#<id>, SK CASE). Personal data is kept to what the workflow needs:
 * the ID number only as hash and masked form; the bank account, which payout needs.
 */
export interface ClaimCase {
  claimId: string;
  status: ClaimStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  insured: {
    idNumberHash: string;
    idNumberMasked: string;
    name: string;
    /** From the home region's record, set by CheckEligibility (absent before). */
    scheme?: string;
    /** From the home region's record, set by CheckEligibility (absent before). */
    status?: InsuredStatus;
    homeRegion: string;
  };
  hospitalCode: string;
  visit: {
    visitNo: string;
    careType: CareType;
    serviceDate: string;
    /** From the home region's filings, set by CheckEligibility (absent before). */
    filingType?: FilingType;
  };
  /** What the home region's record said when eligibility was checked: it decides the money. */
  coverage?: Coverage;
  /** What the citizen declared that the record decides instead: kept as a note only. */
  declared?: DeclaredFacts;
  consent: { fetchRecords: true; hospitalCode: string; grantedAt: string };
  payout: { bankAccount: string; accountName: string };
  receiptIds: string[];
  policyId?: string;
  /** Why the case is in a clerk's queue (review) or was rejected. */
  reasons?: ClaimReason[];
  /** Set when a step failed for good: the error, and where the case was. */
  failure?: { error: string; cause: string; atStatus: ClaimStatus; at: string };
  /** When the case entered a clerk's queue: the queue is sorted by it, oldest first. */
  queuedAt?: string;
  /** Set when a case waited past its SLA and was escalated. */
  escalatedAt?: string;
  /** The Step Functions task token while the case waits for an e-bill or a clerk. */
  taskToken?: string;
  benefitFen?: number;
  /** The clerk decision that released the case from review, if any. */
  decision?: ClerkDecision;
  /** The clerk working the case: another clerk cannot take or decide it until it is released. */
  assignee?: { clerkId: string; at: string };
  /** A decision above the policy's second-clerk threshold, made and waiting for another clerk's check. */
  pendingCheck?: PendingCheck;
  returnedCheck?: ReturnedCheck;
  /** Lines a clerk allowed less of than billed; every adjudication of the case applies them. */
  adjustments?: LineAdjustment[];
  /** A clerk's question to the citizen, and the answer once given. */
  infoRequest?: InfoRequest;
  /** The policy version the case was adjudicated under (the id names the policy line). */
  policyVersion?: number;
  /** When the case ended (PAID or REJECTED): the appeal window counts from here. */
  decidedAt?: string;
  /** Appeals the citizen filed, oldest first. */
  appeals?: Appeal[];
  /**
   * Filed for the insured by someone else (帮办 / 代办): a service-window agent on the
   * citizen's signed authorisation, or a family delegate on a delegation the citizen recorded.
   */
  filedBy?: FiledBy;
}

export interface FiledBy {
  role: 'agent' | 'delegate';
  /** The agent's user id, or the delegate's ID-number hash. */
  sub: string;
  /** The agent's window region. */
  region?: string;
  /** The authorisation or delegation the filing rests on. */
  authorityId: string;
  /** agent: the scan of the citizen's signed authorisation form (an uploaded image). */
  signedAuthorisationImageId?: string;
}

/** A clerk's change to one line: allow `allowedFen` of what was billed, and say why. */
export const LineAdjustmentSchema = z.strictObject({
  /** The line's 1-based position in the explanation of benefits. */
  seq: z.number().int().min(1),
  allowedFen: z.number().int().min(0, { error: 'must be 0 or more fen' }),
  reason: z.string().trim().min(1).max(200),
});
export type LineAdjustment = z.infer<typeof LineAdjustmentSchema>;

export interface PendingCheck {
  decision: ClerkDecision;
  /** The benefit the decision would pay, which put it above the second-clerk threshold. */
  benefitFen: number;
}

/** The last proposal a checker sent back, and why: the maker reads it on the case. */
export interface ReturnedCheck {
  decision: ClerkDecision['decision'];
  makerId: string;
  checkerId: string;
  note?: string;
  at: string;
}

export interface InfoRequest {
  question: string;
  askedBy: string;
  askedAt: string;
  deadline: string;
  answer?: string;
  answerImageIds?: string[];
  answeredAt?: string;
}

export interface Appeal {
  appealNo: number;
  reason: string;
  filedAt: string;
  /** DIFFERENCE_IN_REVIEW: a difference above the maker-checker threshold, waiting for a clerk (and checker). */
  status: 'FILED' | 'PAID_DIFFERENCE' | 'UPHELD' | 'IN_REVIEW' | 'DIFFERENCE_IN_REVIEW';
  /** Under which policy version the appeal re-adjudicated, and what it changed. */
  policyId?: string;
  policyVersion?: number;
  previousBenefitFen?: number;
  newBenefitFen?: number;
  differenceFen?: number;
  lineDifferences?: { seq: number; previousBenefitFen: number; newBenefitFen: number }[];
  decidedAt?: string;
}

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
