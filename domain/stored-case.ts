import { z } from 'zod';
import { CLAIM_STATUSES } from './claim-status';
import { ClerkDecisionSchema, LineAdjustmentSchema } from './claim';
import { CoverageSchema } from './home-region';
import { CareTypeSchema, FilingTypeSchema, InsuredStatusSchema, IsoDateSchema } from './schema-primitives';

/**
 * The case record as the table keeps it (PK CLAIM#<id>, SK CASE), as a schema, and the domain's
 * ClaimCase type inferred from it: one description of the record, not a type and a schema kept
 * equal by hand. The store is an edge too, and every field carries a classification label like
 * those of the API (functions/edge-schemas.ts, test/security/data-classification.test.ts).
 * Personal data is kept to what the workflow needs: the ID number only as hash and masked form;
 * the bank account, which payout needs.
 *
 * (domain/claim.ts re-exports these types; it may import nothing from here but types, since
 * this module takes its decision schemas from there.)
 */
const Timestamp = z.string().min(1);
const Fen = z.number().int();
const ClaimStatusSchema = z.enum(CLAIM_STATUSES);

/** Why a claim left the happy path: a code for machines, words for people. */
export const ClaimReasonSchema = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  detail: z.string().optional(),
});
export type ClaimReason = z.infer<typeof ClaimReasonSchema>;

/** Facts a citizen may still send on the form, which the home region's record decides. */
const DeclaredFactsSchema = z.object({
  scheme: z.string().optional(),
  status: InsuredStatusSchema.optional(),
  filingType: FilingTypeSchema.optional(),
  admissionSeqInYear: z.number().int().optional(),
});
export type DeclaredFacts = z.infer<typeof DeclaredFactsSchema>;

/** A decision above the policy's second-clerk threshold, made and waiting for another clerk's check. */
const PendingCheckSchema = z.object({
  decision: ClerkDecisionSchema,
  /** The benefit the decision would pay, which put it above the second-clerk threshold. */
  benefitFen: Fen,
});
export type PendingCheck = z.infer<typeof PendingCheckSchema>;

/** The last proposal a checker sent back, and why: the maker reads it on the case. */
const ReturnedCheckSchema = z.object({
  decision: z.enum(['approve', 'reject', 'retry', 'adjust', 'request_info']),
  makerId: z.string(),
  checkerId: z.string(),
  note: z.string().optional(),
  at: Timestamp,
});
export type ReturnedCheck = z.infer<typeof ReturnedCheckSchema>;

/** A clerk's question to the citizen, and the answer once given. */
const InfoRequestSchema = z.object({
  question: z.string(),
  askedBy: z.string(),
  askedAt: Timestamp,
  deadline: Timestamp,
  answer: z.string().optional(),
  answerImageIds: z.array(z.string()).optional(),
  answeredAt: Timestamp.optional(),
});
export type InfoRequest = z.infer<typeof InfoRequestSchema>;

const AppealSchema = z.object({
  appealNo: z.number().int(),
  reason: z.string(),
  filedAt: Timestamp,
  /** DIFFERENCE_IN_REVIEW: a difference above the maker-checker threshold, waiting for a clerk (and checker). */
  status: z.enum(['FILED', 'PAID_DIFFERENCE', 'UPHELD', 'IN_REVIEW', 'DIFFERENCE_IN_REVIEW']),
  /** Under which policy version the appeal re-adjudicated, and what it changed. */
  policyId: z.string().optional(),
  policyVersion: z.number().int().optional(),
  previousBenefitFen: Fen.optional(),
  newBenefitFen: Fen.optional(),
  differenceFen: Fen.optional(),
  lineDifferences: z
    .array(z.object({ seq: z.number().int(), previousBenefitFen: Fen, newBenefitFen: Fen }))
    .optional(),
  decidedAt: Timestamp.optional(),
});
export type Appeal = z.infer<typeof AppealSchema>;

/**
 * Filed for the insured by someone else (帮办 / 代办): a service-window agent on the citizen's
 * signed authorisation, or a family delegate on a delegation the citizen recorded.
 */
const FiledBySchema = z.object({
  role: z.enum(['agent', 'delegate']),
  /** The agent's user id, or the delegate's ID-number hash. */
  sub: z.string(),
  /** The agent's window region. */
  region: z.string().optional(),
  /** The authorisation or delegation the filing rests on. */
  authorityId: z.string(),
  /** agent: the scan of the citizen's signed authorisation form (an uploaded image). */
  signedAuthorisationImageId: z.string().optional(),
});
export type FiledBy = z.infer<typeof FiledBySchema>;

export const StoredClaimCaseSchema = z.object({
  claimId: z.string(),
  status: ClaimStatusSchema,
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  insured: z.object({
    idNumberHash: z.string(),
    idNumberMasked: z.string(),
    name: z.string(),
    /** From the home region's record, set by CheckEligibility (absent before). */
    scheme: z.string().optional(),
    /** From the home region's record, set by CheckEligibility (absent before). */
    status: InsuredStatusSchema.optional(),
    homeRegion: z.string(),
  }),
  hospitalCode: z.string(),
  visit: z.object({
    visitNo: z.string(),
    careType: CareTypeSchema,
    serviceDate: IsoDateSchema,
    /** From the home region's filings, set by CheckEligibility (absent before). */
    filingType: FilingTypeSchema.optional(),
  }),
  /** What the home region's record said when eligibility was checked: it decides the money. */
  coverage: CoverageSchema.optional(),
  /** What the citizen declared that the record decides instead: kept as a note only. */
  declared: DeclaredFactsSchema.optional(),
  consent: z.object({ fetchRecords: z.literal(true), hospitalCode: z.string(), grantedAt: Timestamp }),
  payout: z.object({ bankAccount: z.string(), accountName: z.string() }),
  receiptIds: z.array(z.string()),
  policyId: z.string().optional(),
  /** Why the case is in a clerk's queue (review) or was rejected. */
  reasons: z.array(ClaimReasonSchema).optional(),
  /** Set when a step failed for good: the error, and where the case was. */
  failure: z
    .object({ error: z.string(), cause: z.string(), atStatus: ClaimStatusSchema, at: Timestamp })
    .optional(),
  /** When the case entered a clerk's queue: the queue is sorted by it, oldest first. */
  queuedAt: Timestamp.optional(),
  /** Set when a case waited past its SLA and was escalated. */
  escalatedAt: Timestamp.optional(),
  /** The Step Functions task token while the case waits for an e-bill or a clerk. */
  taskToken: z.string().optional(),
  benefitFen: Fen.optional(),
  /** The clerk decision that released the case from review, if any. */
  decision: ClerkDecisionSchema.optional(),
  /** The clerk working the case: another clerk cannot take or decide it until it is released. */
  assignee: z.object({ clerkId: z.string(), at: Timestamp }).optional(),
  pendingCheck: PendingCheckSchema.optional(),
  returnedCheck: ReturnedCheckSchema.optional(),
  /** Lines a clerk allowed less of than billed; every adjudication of the case applies them. */
  adjustments: z.array(LineAdjustmentSchema).optional(),
  infoRequest: InfoRequestSchema.optional(),
  /** The policy version the case was adjudicated under (the id names the policy line). */
  policyVersion: z.number().int().optional(),
  /** When the case ended (PAID or REJECTED): the appeal window counts from here. */
  decidedAt: Timestamp.optional(),
  /** Appeals the citizen filed, oldest first. */
  appeals: z.array(AppealSchema).optional(),
  filedBy: FiledBySchema.optional(),
});

/** The case record (PK CLAIM#<id>, SK CASE), as the schema above describes it. */
export type ClaimCase = z.infer<typeof StoredClaimCaseSchema>;
