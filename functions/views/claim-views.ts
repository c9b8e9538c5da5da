import { z } from 'zod';
import type { PayoutRecord, StoredAdjudication } from '../../adapters/claim-store';
import { decisionNote, type ClaimCase } from '../../domain/claim';
import { CLAIM_STATUSES } from '../../domain/claim-status';
import { maskBankAccount, maskName } from '../../domain/masking';
import { viewFor } from '../../domain/view-policy';
import { citizenReasons } from './citizen-redaction';

/**
 * What the HTTP API shows of a case, as schemas (they describe the responses in OpenAPI) and
 * the functions that build them from the stored case. Personal data leaves only masked: the
 * ID number as stored (first 4 and last 4), names to their first character, the bank account
 * to its last 4 digits. Diagnoses never leave at all.
 */

const FenSchema = z.number().int().min(0).meta({ description: 'integer fen (1 yuan = 100 fen)' });
const TimestampSchema = z.iso.datetime({ offset: true });
const BilingualSchema = z.object({ zh: z.string(), en: z.string() });
const StatusSchema = z.enum(CLAIM_STATUSES);

const ClaimReasonSchema = z
  .object({ code: z.string(), zh: z.string(), en: z.string(), detail: z.string().optional() })
  .meta({ id: 'ClaimReason', description: 'Why a case left the happy path: a code and words for people.' });

const FailureSchema = z.object({
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

const AssigneeSchema = z.object({ clerkId: z.string(), at: TimestampSchema });
const PendingCheckSchema = z.object({
  decision: z.enum(['approve', 'adjust']),
  makerId: z.string(),
  at: TimestampSchema,
  benefitFen: FenSchema,
});
const AppealViewSchema = z.object({
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

const TIMELINE_FACTS = [
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

/** Who reads a case: staff (clerks, admins) see failure causes and who decided; citizens do not. */
export type Audience = 'citizen' | 'staff';

function waitingFor(claim: ClaimCase): ClaimView['waitingFor'] {
  if (!claim.taskToken) return undefined;
  if (claim.status === 'WAITING_FOR_EBILL') return 'hospital_ebill';
  if (claim.status === 'IN_REVIEW' || claim.status === 'FAILED') return 'clerk';
  return undefined;
}

function benefitView(stored: StoredAdjudication): ClaimView['benefit'] {
  const { result } = stored;
  return {
    policyId: result.policyId,
    submittedFen: result.submittedFen,
    eligibleFen: result.eligibleFen,
    deductibleFen: result.deductibleFen,
    benefitFen: result.benefitFen,
    seriousIllnessFen: result.seriousIllnessFen ?? 0,
    patientPaysFen: result.patientPaysFen,
    notes: result.notes,
    ...(result.basis?.catalogue && { catalogue: result.basis.catalogue }),
    lines: result.lines.map((line) => ({
      seq: line.seq,
      code: line.code,
      name: line.name,
      category: line.category,
      submittedFen: line.submittedFen,
      eligibleFen: line.eligibleFen,
      benefitFen: line.benefitFen,
      seriousIllnessFen: line.seriousIllnessFen ?? 0,
      patientPaysFen: line.patientPaysFen,
      reason: line.reason,
    })),
  };
}

/** The facts the case record holds about its history, in the order they happened. */
function timelineOf(claim: ClaimCase, payout: PayoutRecord | undefined): ClaimView['timeline'] {
  const facts: ClaimView['timeline'] = [{ at: claim.createdAt, fact: 'submitted' }];
  if (claim.failure) facts.push({ at: claim.failure.at, fact: 'failed' });
  if (claim.queuedAt) facts.push({ at: claim.queuedAt, fact: 'queued_for_clerk' });
  if (claim.escalatedAt) facts.push({ at: claim.escalatedAt, fact: 'escalated' });
  if (claim.decision) facts.push({ at: claim.decision.at, fact: 'decided' });
  if (claim.infoRequest) facts.push({ at: claim.infoRequest.askedAt, fact: 'info_requested' });
  if (claim.infoRequest?.answeredAt) facts.push({ at: claim.infoRequest.answeredAt, fact: 'info_answered' });
  for (const appeal of claim.appeals ?? []) facts.push({ at: appeal.filedAt, fact: 'appealed' });
  if (payout) facts.push({ at: payout.createdAt, fact: 'paid' });
  if (claim.status === 'REJECTED') facts.push({ at: claim.updatedAt, fact: 'rejected' });
  return facts.sort((a, b) => a.at.localeCompare(b.at));
}

function pendingCheckView(claim: ClaimCase): QueueItem['pendingCheck'] {
  const pending = claim.pendingCheck;
  if (!pending) return undefined;
  const { decision } = pending.decision;
  if (decision !== 'approve' && decision !== 'adjust') return undefined;
  return {
    decision,
    makerId: pending.decision.clerkId,
    at: pending.decision.at,
    benefitFen: pending.benefitFen,
  };
}

export function claimView(
  claim: ClaimCase,
  found: {
    adjudication: StoredAdjudication | undefined;
    payout: PayoutRecord | undefined;
    appealUntil?: string;
  },
  audience: Audience,
): ClaimView {
  const staff = audience === 'staff';
  const { decision } = claim;
  return viewFor<ClaimView>(
    {
      claimId: claim.claimId,
      status: claim.status,
      waitingFor: waitingFor(claim),
      createdAt: claim.createdAt,
      updatedAt: claim.updatedAt,
      insured: {
        idNumberMasked: claim.insured.idNumberMasked,
        nameMasked: maskName(claim.insured.name),
        scheme: claim.insured.scheme,
        status: claim.insured.status,
        homeRegion: claim.insured.homeRegion,
      },
      hospitalCode: claim.hospitalCode,
      visit: { ...claim.visit },
      ...(claim.filedBy && {
        filedBy: {
          role: claim.filedBy.role,
          ...(claim.filedBy.role === 'agent' && { agentId: claim.filedBy.sub, region: claim.filedBy.region }),
          authorityId: claim.filedBy.authorityId,
        },
      }),
      payout: {
        bankAccountMasked: maskBankAccount(claim.payout.bankAccount),
        accountNameMasked: maskName(claim.payout.accountName),
      },
      reasons: staff ? (claim.reasons ?? []) : citizenReasons(claim.reasons ?? []),
      failure: staff ? claim.failure : undefined,
      decision: decision && {
        decision: decision.decision,
        reasonCode: decision.decision === 'reject' ? decision.reasonCode : undefined,
        note: decisionNote(decision),
        at: decision.at,
        clerkId: decision.clerkId,
        checkedBy: decision.checkedBy,
      },
      adjustments: claim.adjustments,
      // Staff identities and the maker-checker state: their labels keep them to staff (viewFor).
      assignee: claim.assignee,
      pendingCheck: pendingCheckView(claim),
      returnedCheck: claim.returnedCheck,
      infoRequest: claim.infoRequest && {
        question: claim.infoRequest.question,
        askedAt: claim.infoRequest.askedAt,
        deadline: claim.infoRequest.deadline,
        answer: claim.infoRequest.answer,
        answeredAt: claim.infoRequest.answeredAt,
      },
      appealUntil: found.appealUntil,
      appeals: claim.appeals,
      benefit: found.adjudication && benefitView(found.adjudication),
      paidFen: found.payout?.amountFen,
      timeline: timelineOf(claim, found.payout),
    },
    audience,
  );
}

export function claimSummary(claim: ClaimCase): ClaimSummary {
  return {
    claimId: claim.claimId,
    status: claim.status,
    createdAt: claim.createdAt,
    updatedAt: claim.updatedAt,
    hospitalCode: claim.hospitalCode,
    careType: claim.visit.careType,
    serviceDate: claim.visit.serviceDate,
    paidFen: claim.status === 'PAID' ? claim.benefitFen : undefined,
  };
}

/** A case's place against its service level: breached past the limit, due soon in its last fifth. */
export function slaOf(
  claim: ClaimCase,
  slaHours: number,
  now: Date,
): { ageSeconds: number; sla: QueueItem['sla'] } {
  const since = Date.parse(claim.queuedAt ?? claim.updatedAt);
  const limitMs = slaHours * 3_600_000;
  const ageMs = Math.max(0, now.getTime() - since);
  const state = ageMs > limitMs ? 'breached' : ageMs > limitMs * 0.8 ? 'due_soon' : 'ok';
  return {
    ageSeconds: Math.floor(ageMs / 1000),
    sla: { dueAt: new Date(since + limitMs).toISOString(), state },
  };
}

export function queueItem(claim: ClaimCase, clock: { slaHours: number; now: Date }): QueueItem {
  return {
    ...slaOf(claim, clock.slaHours, clock.now),
    benefitFen: claim.benefitFen,
    assignee: claim.assignee,
    pendingCheck: pendingCheckView(claim),
    claimId: claim.claimId,
    status: claim.status,
    queuedAt: claim.queuedAt,
    escalatedAt: claim.escalatedAt,
    awaitingDecision: Boolean(claim.taskToken),
    insured: {
      idNumberMasked: claim.insured.idNumberMasked,
      nameMasked: maskName(claim.insured.name),
      scheme: claim.insured.scheme,
    },
    hospitalCode: claim.hospitalCode,
    careType: claim.visit.careType,
    serviceDate: claim.visit.serviceDate,
    reasons: claim.reasons ?? [],
    failure: claim.failure,
  };
}
