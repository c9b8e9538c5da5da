import { z } from 'zod';
import { CLAIM_STATUSES } from './claim-status';
import { ClerkDecisionSchema, LineAdjustmentSchema, type ClaimCase } from './claim';
import { HomeFilingSchema } from './home-region';
import { CareTypeSchema, FilingTypeSchema, InsuredStatusSchema, IsoDateSchema } from './schema-primitives';

/**
 * The case record as the table keeps it (PK CLAIM#<id>, SK CASE), as a schema: the store is an
 * edge too, and every field of it carries a classification label like those of the API
 * (functions/edge-schemas.ts, test/security/data-classification.test.ts). It describes what is
 * stored; the domain type ClaimCase is the same shape (checked below at compile time).
 */
const Timestamp = z.string().min(1);
const Fen = z.number().int();
const ReasonSchema = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  detail: z.string().optional(),
});
const ClaimStatusSchema = z.enum(CLAIM_STATUSES);

const CoverageSchema = z.object({
  scheme: z.string(),
  status: InsuredStatusSchema,
  homeRegion: z.string(),
  filingType: FilingTypeSchema,
  filing: HomeFilingSchema.optional(),
  unfiledBecause: z.enum(['no_filing', 'expired', 'not_yet_valid', 'other_province']).optional(),
  checkedAt: Timestamp,
});

const AppealSchema = z.object({
  appealNo: z.number().int(),
  reason: z.string(),
  filedAt: Timestamp,
  status: z.enum(['FILED', 'PAID_DIFFERENCE', 'UPHELD', 'IN_REVIEW', 'DIFFERENCE_IN_REVIEW']),
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
    scheme: z.string().optional(),
    status: InsuredStatusSchema.optional(),
    homeRegion: z.string(),
  }),
  hospitalCode: z.string(),
  visit: z.object({
    visitNo: z.string(),
    careType: CareTypeSchema,
    serviceDate: IsoDateSchema,
    filingType: FilingTypeSchema.optional(),
  }),
  coverage: CoverageSchema.optional(),
  declared: z
    .object({
      scheme: z.string().optional(),
      status: InsuredStatusSchema.optional(),
      filingType: FilingTypeSchema.optional(),
      admissionSeqInYear: z.number().int().optional(),
    })
    .optional(),
  consent: z.object({ fetchRecords: z.literal(true), hospitalCode: z.string(), grantedAt: Timestamp }),
  payout: z.object({ bankAccount: z.string(), accountName: z.string() }),
  receiptIds: z.array(z.string()),
  policyId: z.string().optional(),
  reasons: z.array(ReasonSchema).optional(),
  failure: z
    .object({ error: z.string(), cause: z.string(), atStatus: ClaimStatusSchema, at: Timestamp })
    .optional(),
  queuedAt: Timestamp.optional(),
  escalatedAt: Timestamp.optional(),
  taskToken: z.string().optional(),
  benefitFen: Fen.optional(),
  decision: ClerkDecisionSchema.optional(),
  assignee: z.object({ clerkId: z.string(), at: Timestamp }).optional(),
  pendingCheck: z.object({ decision: ClerkDecisionSchema, benefitFen: Fen }).optional(),
  returnedCheck: z
    .object({
      decision: z.enum(['approve', 'reject', 'retry', 'adjust', 'request_info']),
      makerId: z.string(),
      checkerId: z.string(),
      note: z.string().optional(),
      at: Timestamp,
    })
    .optional(),
  adjustments: z.array(LineAdjustmentSchema).optional(),
  infoRequest: z
    .object({
      question: z.string(),
      askedBy: z.string(),
      askedAt: Timestamp,
      deadline: Timestamp,
      answer: z.string().optional(),
      answerImageIds: z.array(z.string()).optional(),
      answeredAt: Timestamp.optional(),
    })
    .optional(),
  policyVersion: z.number().int().optional(),
  decidedAt: Timestamp.optional(),
  appeals: z.array(AppealSchema).optional(),
  filedBy: z
    .object({
      role: z.enum(['agent', 'delegate']),
      sub: z.string(),
      region: z.string().optional(),
      authorityId: z.string(),
      signedAuthorisationImageId: z.string().optional(),
    })
    .optional(),
});

/** Compile-time: the schema and the domain type describe the same record, both ways. */
type Stored = z.infer<typeof StoredClaimCaseSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Optional fields do not stop assignability either way: the keys are compared too.
const sameShape: Same<Stored, ClaimCase> = true;
const sameKeys: Same<keyof Stored, keyof ClaimCase> = true;
void sameShape;
void sameKeys;
