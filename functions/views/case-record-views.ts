import { z } from 'zod';
import type { AuditTrail, StoredNotification, StoredRating } from '../../adapters/claim-store';
import { AUDIT_ROLES, verifyChain } from '../../domain/audit-chain';
import { CLAIM_STATUSES } from '../../domain/claim-status';
import {
  LEVEL_NAMES,
  RatingLevelSchema,
  followUpState,
  levelOfScore,
  satisfactionSummary,
  type RatingLevel,
} from '../../domain/ratings';
import type { Audience } from './claim-views';
import { viewFor } from '../../domain/view-policy';
import { showsActorId } from './citizen-redaction';

/**
 * What the HTTP API shows of a case's record beyond the case itself: the explanation of
 * benefits, the history, the ratings and the notifications, as schemas (OpenAPI) and builders.
 */

const FenSchema = z.number().int().min(0).meta({ description: 'integer fen (1 yuan = 100 fen)' });
const BilingualSchema = z.object({ zh: z.string(), en: z.string() });
const TimestampSchema = z.iso.datetime({ offset: true });

const AmountsSchema = z.object({
  submittedFen: FenSchema,
  selfPayFen: FenSchema.meta({ description: 'category C: not covered' }),
  selfPayFirstFen: FenSchema.meta({ description: 'category B: the share the patient pays first' }),
  eligibleFen: FenSchema,
  deductibleFen: FenSchema,
  coinsuranceFen: FenSchema.meta({ description: "the patient's share above the deductible (FHIR copay)" }),
  overCapFen: FenSchema.meta({ description: 'above what the annual cap still allowed' }),
  benefitFen: FenSchema.meta({ description: 'what the fund pays' }),
  patientPaysFen: FenSchema,
});

export const EobViewSchema = z
  .object({
    claimId: z.string(),
    status: z.enum(CLAIM_STATUSES),
    outcome: z.enum(['paid', 'approved', 'rejected', 'pending']),
    currency: z.literal('CNY'),
    policyId: z.string(),
    policyVersion: z.number().int(),
    adjudicationSeq: z.number().int().min(1).meta({ description: 'the ADJ# this explanation comes from' }),
    adjudicatedAt: TimestampSchema,
    careType: z.enum(['inpatient', 'outpatient']),
    serviceDate: z.string(),
    hospitalCode: z.string(),
    ratioPct: z.number(),
    totals: AmountsSchema,
    notes: z.array(BilingualSchema),
    lines: z.array(
      AmountsSchema.extend({
        seq: z.number().int().min(1),
        code: z.string(),
        name: z.string(),
        category: z.enum(['A', 'B', 'C']),
        reason: BilingualSchema,
      }),
    ),
    payment: z
      .object({ amountFen: FenSchema, date: z.string(), bankReference: z.string().optional() })
      .optional(),
  })
  .meta({
    id: 'ExplanationOfBenefits',
    description: 'What the fund pays for a claim and why, per line, from the latest adjudication.',
  });

export const FhirExplanationOfBenefitSchema = z
  .looseObject({ resourceType: z.literal('ExplanationOfBenefit'), id: z.string() })
  .meta({
    id: 'FhirExplanationOfBenefit',
    description:
      'A FHIR R4 ExplanationOfBenefit (https://hl7.org/fhir/R4/explanationofbenefit.html), served as ' +
      'application/fhir+json: items with adjudication categories submitted, eligible, deductible, copay ' +
      'and benefit (and crossclaim categories self-pay, self-pay-first, over-cap), totals, payment, and the ' +
      'reasons in Chinese and English as process notes.',
  });

const JsonValueSchema: z.ZodType = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

export const HistoryViewSchema = z
  .object({
    claimId: z.string(),
    verified: z.boolean().meta({ description: 'the hash chain recomputes and ends at the head on the case' }),
    problem: z.string().optional(),
    brokenAt: z.number().int().optional(),
    entries: z.array(
      z.object({
        seq: z.number().int().min(1),
        at: TimestampSchema,
        actor: z.object({
          role: z.enum(AUDIT_ROLES),
          sub: z.string().optional().meta({ description: 'staff only' }),
        }),
        action: z.string(),
        before: z.record(z.string(), JsonValueSchema).optional(),
        after: z.record(z.string(), JsonValueSchema).optional(),
        hash: z.string(),
      }),
    ),
  })
  .meta({
    id: 'CaseHistory',
    description: 'Every change to the case, hash-chained: who (role, and for staff the id), when, what.',
  });
export type HistoryView = z.infer<typeof HistoryViewSchema>;

export function historyView(trail: AuditTrail, audience: Audience): HistoryView {
  const verdict = verifyChain(trail.claimId, trail.entries, trail.head);
  return {
    claimId: trail.claimId,
    verified: verdict.ok,
    ...(!verdict.ok && { problem: verdict.problem, brokenAt: verdict.brokenAt }),
    entries: trail.entries.map((e) => {
      // Staff identities and internal notes in a summary reach staff only (their labels, viewFor).
      const before = e.before && viewFor(e.before, audience);
      const after = e.after && viewFor(e.after, audience);
      const showSub = showsActorId(e.actor.role, audience);
      return {
        seq: e.seq,
        at: e.at,
        actor: { role: e.actor.role, ...(showSub && { sub: e.actor.sub }) },
        action: e.action,
        ...(before && { before }),
        ...(after && { after }),
        hash: e.hash,
      };
    }),
  };
}

export const RatingRequestSchema = z
  .strictObject({
    level: RatingLevelSchema.meta({
      description: 'the whole service: 非常满意 very_satisfied … 非常不满意 very_dissatisfied',
    }),
    subScores: z.record(z.string().regex(/^[a-z_]{2,30}$/), RatingLevelSchema).meta({
      description:
        'a level for each sub-score of the ratings policy (policies/ratings: efficiency 办事效率, attitude ' +
        '服务态度, outcome 办理结果), every one of them',
    }),
    comment: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'RatingRequest' });

const LevelNameSchema = z.object({ zh: z.string(), en: z.string() });

export const FollowUpViewSchema = z
  .object({
    dueDate: z.iso.date().meta({ description: 'the last day (China time) to answer on time' }),
    workingDays: z.number().int(),
    state: z.enum(['open', 'overdue', 'answered']),
    escalatedAt: TimestampSchema.optional(),
    answer: z
      .object({
        text: z.string(),
        at: TimestampSchema,
        onTime: z.boolean(),
        clerkId: z.string().optional().meta({ description: 'staff only; the citizen sees “a clerk”' }),
      })
      .optional(),
  })
  .meta({ id: 'FollowUp', description: 'The follow-up a bad rating (不满意 / 非常不满意) opened.' });

export const RatingViewSchema = z
  .object({
    claimId: z.string(),
    region: z.string(),
    score: z.number().int().min(1).max(5),
    level: RatingLevelSchema,
    levelName: LevelNameSchema,
    subScores: z.record(z.string(), RatingLevelSchema),
    comment: z.string().optional(),
    at: TimestampSchema,
    followUp: FollowUpViewSchema.optional(),
  })
  .meta({ id: 'Rating' });
export type RatingView = z.infer<typeof RatingViewSchema>;

const RateSchema = z.number().min(0).max(1).nullable();
const SatisfactionSchema = z.object({
  satisfaction: RateSchema.meta({ description: '满意率: the share rated 基本满意 or better' }),
  followUpRate: RateSchema.meta({ description: 'the share of follow-ups opened that were answered' }),
  onTimeRate: RateSchema.meta({
    description: 'of follow-ups answered or past due, the share answered by the due date',
  }),
  followUps: z.object({
    opened: z.number().int(),
    answered: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
    answeredOnTime: z.number().int(),
  }),
});

export const RatingsViewSchema = z
  .object({
    region: z.string(),
    count: z.number().int().min(0),
    averageScore: z.number().nullable(),
    byScore: z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number(), 5: z.number() }),
    byLevel: z.record(RatingLevelSchema, z.number().int()),
    ...SatisfactionSchema.shape,
    ratings: z.array(RatingViewSchema),
  })
  .meta({ id: 'Ratings', description: "A region's ratings of its closed claims (好差评), newest first." });
export type RatingsView = z.infer<typeof RatingsViewSchema>;

export const FollowUpsViewSchema = z
  .object({
    region: z.string(),
    ...SatisfactionSchema.shape,
    followUps: z.array(RatingViewSchema),
  })
  .meta({
    id: 'FollowUps',
    description:
      'The bad ratings of a region and their follow-ups: escalated and overdue first, then by due date.',
  });

export const RatingOfClaimViewSchema = z
  .object({
    claimId: z.string(),
    rating: RatingViewSchema.nullable(),
    subScores: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })).meta({
      description: 'what the ratings policy asks to rate besides the whole (the request’s subScores keys)',
    }),
  })
  .meta({ id: 'RatingOfClaim', description: 'The rating of a claim, null while it has none.' });

const levelOf = (r: StoredRating): RatingLevel => r.level ?? levelOfScore(r.score);

export function ratingView(r: StoredRating, now: Date, audience: Audience = 'staff'): RatingView {
  const level = levelOf(r);
  const f = r.followUp;
  return {
    claimId: r.claimId,
    region: r.region,
    score: r.score,
    level,
    levelName: { zh: LEVEL_NAMES[level].zh, en: LEVEL_NAMES[level].en },
    subScores: r.subScores ?? {},
    ...(r.comment !== undefined && { comment: r.comment }),
    at: r.at,
    ...(f && {
      followUp: {
        dueDate: f.dueDate,
        workingDays: f.workingDays,
        state: followUpState(f, now),
        ...(f.escalatedAt !== undefined && { escalatedAt: f.escalatedAt }),
        ...(f.answer && {
          answer: {
            text: f.answer.text,
            at: f.answer.at,
            onTime: f.answer.onTime,
            ...(audience !== 'citizen' && { clerkId: f.answer.clerkId }),
          },
        }),
      },
    }),
  };
}

const satisfactionOf = (ratings: readonly StoredRating[], now: Date) => {
  const s = satisfactionSummary(
    ratings.map((r) => ({ level: levelOf(r), ...(r.followUp && { followUp: r.followUp }) })),
    now,
  );
  return {
    summary: s,
    shape: {
      satisfaction: s.satisfaction,
      followUpRate: s.followUpRate,
      onTimeRate: s.onTimeRate,
      followUps: s.followUps,
    },
  };
};

export function ratingsView(region: string, ratings: StoredRating[], now: Date, limit = 100): RatingsView {
  const byScore = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let sum = 0;
  for (const r of ratings) {
    byScore[r.score as 1 | 2 | 3 | 4 | 5] += 1;
    sum += r.score;
  }
  const { summary, shape } = satisfactionOf(ratings, now);
  return {
    region,
    count: ratings.length,
    averageScore: ratings.length === 0 ? null : Math.round((sum / ratings.length) * 100) / 100,
    byScore,
    byLevel: summary.byLevel,
    ...shape,
    ratings: ratings.slice(0, limit).map((r) => ratingView(r, now)),
  };
}

const STATE_ORDER = { overdue: 0, open: 1, answered: 2 } as const;

/** The region's follow-ups for its supervisor and clerks: escalated/overdue first, then by due date. */
export function followUpsView(region: string, ratings: StoredRating[], now: Date) {
  const withFollowUp = ratings.filter((r) => r.followUp);
  const rank = (v: RatingView) => (v.followUp ? STATE_ORDER[v.followUp.state] : 3);
  const views = withFollowUp
    .map((r) => ratingView(r, now))
    .sort(
      (a, b) => rank(a) - rank(b) || (a.followUp?.dueDate ?? '').localeCompare(b.followUp?.dueDate ?? ''),
    );
  return { region, ...satisfactionOf(ratings, now).shape, followUps: views };
}

export const NotificationsViewSchema = z
  .object({
    notifications: z.array(
      z.object({
        claimId: z.string(),
        status: z.enum(CLAIM_STATUSES),
        at: TimestampSchema,
        zh: z.string(),
        en: z.string(),
      }),
    ),
  })
  .meta({ id: 'Notifications' });

export const notificationsView = (list: StoredNotification[]): z.infer<typeof NotificationsViewSchema> => ({
  notifications: list.map(({ claimId, status, at, zh, en }) => ({ claimId, status, at, zh, en })),
});
