import { z } from 'zod';
import { BilingualSchema, FenSchema, StatusSchema, TimestampSchema } from './primitives';

/**
 * What the HTTP API shows of a case (GET /claims/{claimId}, GET /claims, the clerks' queues), as
 * schemas: they describe the responses in /openapi.json, and the pages take their types from
 * them. functions/views/claim-views.ts builds them from the stored case. Personal data leaves
 * only masked: the ID number as stored (first 4 and last 4), names to their first character, the
 * bank account to its last 4 digits. Diagnoses never leave at all.
 */

export const ClaimReasonSchema = z
  .object({ code: z.string(), zh: z.string(), en: z.string(), detail: z.string().optional() })
  .meta({ id: 'ClaimReason', description: 'Why a case left the happy path: a code and words for people.' });

export const FailureSchema = z.object({
  error: z.string(),
  cause: z.string(),
  atStatus: StatusSchema,
  at: TimestampSchema,
});

export const BenefitViewSchema = z
  .object({
    policyId: z.string(),
    submittedFen: FenSchema,
    eligibleFen: FenSchema,
    deductibleFen: FenSchema,
    benefitFen: FenSchema.meta({ description: 'what the basic fund pays' }),
    seriousIllnessFen: FenSchema.meta({ description: 'what serious-illness insurance (大病保险) pays' }),
    patientPaysFen: FenSchema,
    notes: z.array(BilingualSchema),
    /** The home region's catalogue (医保目录) that decided the lines' categories, and how many bill categories it changed. */
    catalogue: z
      .object({ region: z.string(), version: z.string(), corrections: z.number().int().min(0) })
      .optional(),
    lines: z.array(
      z.object({
        seq: z.number().int().min(1),
        code: z.string(),
        name: z.string(),
        category: z.enum(['A', 'B', 'C']),
        submittedFen: FenSchema,
        eligibleFen: FenSchema,
        benefitFen: FenSchema,
        seriousIllnessFen: FenSchema,
        patientPaysFen: FenSchema,
        reason: BilingualSchema,
      }),
    ),
  })
  .meta({ id: 'BenefitView', description: 'The latest adjudication: what the fund pays and why, per item.' });

export const AssigneeSchema = z.object({ clerkId: z.string(), at: TimestampSchema });
export const PendingCheckSchema = z.object({
  decision: z.enum(['approve', 'adjust']),
  makerId: z.string(),
  at: TimestampSchema,
  benefitFen: FenSchema,
});
export const AppealViewSchema = z.object({
  appealNo: z.number().int().min(1),
  reason: z.string(),
  filedAt: TimestampSchema,
  status: z.enum(['FILED', 'PAID_DIFFERENCE', 'UPHELD', 'IN_REVIEW', 'DIFFERENCE_IN_REVIEW']),
  policyId: z.string().optional(),
  policyVersion: z.number().int().optional(),
  previousBenefitFen: FenSchema.optional(),
  newBenefitFen: FenSchema.optional(),
  differenceFen: z.number().int().optional(),
  lineDifferences: z
    .array(z.object({ seq: z.number().int(), previousBenefitFen: FenSchema, newBenefitFen: FenSchema }))
    .optional(),
  decidedAt: TimestampSchema.optional(),
});

export const TIMELINE_FACTS = [
  'submitted',
  'failed',
  'queued_for_clerk',
  'escalated',
  'decided',
  'info_requested',
  'info_answered',
  'paid',
  'rejected',
  'appealed',
] as const;

export const ClaimViewSchema = z
  .object({
    claimId: z.string(),
    status: StatusSchema,
    /** What the case is waiting for now, if anything: the hospital's e-bill or a clerk. */
    waitingFor: z.enum(['hospital_ebill', 'clerk']).optional(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    insured: z.object({
      idNumberMasked: z.string(),
      nameMasked: z.string(),
      /** From the home region's record; absent until eligibility was checked. */
      scheme: z.string().optional(),
      status: z.string().optional(),
      homeRegion: z.string(),
    }),
    hospitalCode: z.string(),
    visit: z.object({
      visitNo: z.string(),
      careType: z.enum(['inpatient', 'outpatient']),
      serviceDate: z.string(),
      filingType: z.string().optional(),
    }),
    payout: z.object({ bankAccountMasked: z.string(), accountNameMasked: z.string() }),
    reasons: z.array(ClaimReasonSchema),
    /** Staff only: why a step failed. */
    failure: FailureSchema.optional(),
    decision: z
      .object({
        decision: z.enum(['approve', 'reject', 'retry', 'adjust', 'request_info']),
        reasonCode: z.string().optional(),
        note: z.string().optional(),
        at: TimestampSchema,
        /** Staff only. */
        clerkId: z.string().optional(),
        /** Staff only: the second clerk who checked it. */
        checkedBy: z.string().optional(),
      })
      .optional(),
    /** Lines a clerk allowed less of, with the clerk's reason (the citizen reads these too). */
    adjustments: z
      .array(z.object({ seq: z.number().int().min(1), allowedFen: FenSchema, reason: z.string() }))
      .optional(),
    /** Staff only: who works the case, and a decision waiting for a second clerk's check. */
    assignee: AssigneeSchema.optional(),
    pendingCheck: PendingCheckSchema.optional(),
    /** Staff only: the last proposal a checker sent back, and why. */
    returnedCheck: z
      .object({
        decision: z.string(),
        makerId: z.string(),
        checkerId: z.string(),
        note: z.string().optional(),
        at: TimestampSchema,
      })
      .optional(),
    /** A clerk's question the citizen is asked to answer, with its deadline. */
    infoRequest: z
      .object({
        question: z.string(),
        askedAt: TimestampSchema,
        deadline: TimestampSchema,
        answer: z.string().optional(),
        answeredAt: TimestampSchema.optional(),
      })
      .optional(),
    /** Until when the citizen may appeal a decided claim. */
    appealUntil: TimestampSchema.optional(),
    appeals: z.array(AppealViewSchema).optional(),
    benefit: BenefitViewSchema.optional(),
    paidFen: FenSchema.optional(),
    timeline: z.array(z.object({ at: TimestampSchema, fact: z.enum(TIMELINE_FACTS) })),
    /**
     * Filed for the insured by someone else (帮办 / 代办): an agent by their id and window region, a
     * family delegate by the delegation (never their ID hash).
     */
    filedBy: z
      .object({
        role: z.enum(['agent', 'delegate']),
        agentId: z.string().optional(),
        region: z.string().optional(),
        authorityId: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'ClaimView', description: 'A case as the citizen who filed it, or a clerk, reads it.' });
export type ClaimView = z.infer<typeof ClaimViewSchema>;

export const ClaimSummarySchema = z
  .object({
    claimId: z.string(),
    status: StatusSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    hospitalCode: z.string(),
    careType: z.enum(['inpatient', 'outpatient']),
    serviceDate: z.string(),
    paidFen: FenSchema.optional(),
  })
  .meta({ id: 'ClaimSummary' });
export type ClaimSummary = z.infer<typeof ClaimSummarySchema>;

export const QueueItemSchema = z
  .object({
    claimId: z.string(),
    status: StatusSchema,
    queuedAt: TimestampSchema.optional(),
    escalatedAt: TimestampSchema.optional(),
    /** True once the workflow waits for this decision (it holds a task token). */
    awaitingDecision: z.boolean(),
    insured: z.object({ idNumberMasked: z.string(), nameMasked: z.string(), scheme: z.string().optional() }),
    hospitalCode: z.string(),
    careType: z.enum(['inpatient', 'outpatient']),
    serviceDate: z.string(),
    reasons: z.array(ClaimReasonSchema),
    failure: FailureSchema.optional(),
    benefitFen: FenSchema.optional(),
    /** How long the case has waited for a clerk, and its service level against the policy's limit. */
    ageSeconds: z.number().int().min(0),
    sla: z.object({ dueAt: TimestampSchema, state: z.enum(['ok', 'due_soon', 'breached']) }),
    assignee: AssigneeSchema.optional(),
    pendingCheck: PendingCheckSchema.optional(),
  })
  .meta({ id: 'QueueItem' });
export type QueueItem = z.infer<typeof QueueItemSchema>;

/** POST /claims: the key that makes a retried filing file once (functions/submit-claim.ts). */
export const SubmitClaimHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _')
    .optional()
    .meta({
      description:
        'Optional. A key of the client’s choosing: a repeat of the request with the same key files nothing more ' +
        'and answers with the claim the first one filed; the same key with another body is 422.',
    }),
});

/** POST /claims answers: filed, the workflow started. */
export const ClaimAcceptedSchema = z.object({ claimId: z.string(), status: z.literal('SUBMITTED') });

/** GET /claims: the citizen's claims. */
export const ClaimListSchema = z.object({ claims: z.array(ClaimSummarySchema) });

/** POST /claims/{claimId}/information answers. */
export const InformationAnsweredSchema = z.object({ claimId: z.string(), status: z.string() });

/** POST /claims/{claimId}/appeals answers. */
export const AppealFiledSchema = z.object({
  claimId: z.string(),
  appealNo: z.number().int(),
  status: z.string(),
});
