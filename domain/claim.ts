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
  type CareType,
  type FilingType,
  type InsuredStatus,
} from './schema-primitives';
import type { ClaimStatus } from './claim-status';

export const IdNumberSchema = z
  .string()
  .regex(/^\d{17}[\dX]$/, { error: 'must be an 18-character resident ID number' })
  .refine(isValidIdNumber, { error: 'is not a valid resident ID number (check digit or birth date)' });

export const RegionCodeSchema = z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit region code' });

/** A paper receipt the citizen holds, by the text of its QR code (an app that scanned it). */
export const ReceiptSubmissionSchema = z.strictObject({
  qrPayload: z.string().min(1).max(512),
});

/**
 * A photo or scan of a paper receipt, uploaded first (POST /receipt-images) and named by its
 * id. The image's bytes stay in the object store; the case and the workflow carry only the id.
 */
export const ReceiptImageSubmissionSchema = z.strictObject({ imageId: ReceiptImageIdSchema });

/** What a citizen sends to start a claim (POST /claims). */
export const SubmitClaimRequestSchema = z
  .strictObject({
    insured: z.strictObject({
      idNumber: IdNumberSchema,
      name: z.string().min(1).max(50),
      scheme: z.string().regex(/^[a-z_]+$/),
      status: InsuredStatusSchema,
      homeRegion: RegionCodeSchema,
    }),
    hospitalCode: HospitalCodeSchema,
    visit: z.strictObject({
      visitNo: z.string().min(1).max(40),
      careType: CareTypeSchema,
      serviceDate: IsoDateSchema,
      admissionSeqInYear: z.number().int().min(1).optional(),
      filingType: FilingTypeSchema,
    }),
    consent: z.strictObject({
      /** The citizen authorises crossclaim to fetch bills and records from this hospital. */
      fetchRecords: z.literal(true, { error: 'must be true: records are fetched only with consent' }),
      hospitalCode: HospitalCodeSchema,
      grantedAt: z.iso.datetime({ offset: true }),
    }),
    payout: z.strictObject({
      bankAccount: z.string().regex(/^\d{12,19}$/, { error: 'must be 12 to 19 digits' }),
      accountName: z.string().min(1).max(50),
    }),
    receipts: z.array(ReceiptSubmissionSchema).max(20).default([]),
    receiptImages: z.array(ReceiptImageSubmissionSchema).max(20).optional(),
  })
  .refine((r) => r.receipts.length + (r.receiptImages?.length ?? 0) <= 20, {
    error: 'at most 20 receipts in all (receipts and receiptImages)',
    path: ['receiptImages'],
  })
  .refine((r) => r.consent.hospitalCode === r.hospitalCode, {
    error: 'consent must name the hospital the claim is for',
    path: ['consent', 'hospitalCode'],
  });
export type SubmitClaimRequest = z.infer<typeof SubmitClaimRequestSchema>;

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
    scheme: string;
    status: InsuredStatus;
    homeRegion: string;
  };
  hospitalCode: string;
  visit: {
    visitNo: string;
    careType: CareType;
    serviceDate: string;
    admissionSeqInYear?: number;
    filingType: FilingType;
  };
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
}

const ClerkNoteSchema = z.string().trim().min(1).max(500);

/**
 * What a clerk decides about a case waiting in their queue (POST /claims/{id}/decision):
 * approve (pay the adjudicated benefit), reject (with a reason the citizen reads and a note),
 * or retry (run the claim from eligibility again, e.g. after a hospital came back).
 */
export const ClerkDecisionRequestSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), note: ClerkNoteSchema.optional() }),
  z.strictObject({
    decision: z.literal('reject'),
    reasonCode: ClerkRejectionCodeSchema,
    note: ClerkNoteSchema,
  }),
  z.strictObject({ decision: z.literal('retry'), note: ClerkNoteSchema.optional() }),
]);
export type ClerkDecisionRequest = z.infer<typeof ClerkDecisionRequestSchema>;

/** A decision as the case keeps it: what was decided, by which clerk, when. */
const decidedBy = { clerkId: z.string().min(1), at: z.iso.datetime({ offset: true }) };
export const ClerkDecisionSchema = z.discriminatedUnion('decision', [
  ClerkDecisionRequestSchema.options[0].extend(decidedBy),
  ClerkDecisionRequestSchema.options[1].extend(decidedBy),
  ClerkDecisionRequestSchema.options[2].extend(decidedBy),
]);
export type ClerkDecision = z.infer<typeof ClerkDecisionSchema>;
