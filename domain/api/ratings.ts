import { z } from 'zod';
import { RatingLevelSchema } from '../ratings';
import { RegionCodeSchema } from '../schema-primitives';
import { TimestampSchema } from './primitives';

/**
 * 好差评 as the HTTP API takes and shows it: a citizen's rating, the region's ratings and the
 * follow-ups bad ratings opened (domain/ratings.ts has the rules, functions/views/
 * case-record-views.ts builds the views).
 */

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

/** A clerk's answer to a bad rating's follow-up (POST /claims/{id}/follow-up). */
export const FollowUpAnswerRequestSchema = z
  .strictObject({
    answer: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .meta({ description: 'what was found and done, in words the citizen reads (回访整改情况)' }),
  })
  .meta({ id: 'FollowUpAnswerRequest' });

export const RatingsQuerySchema = z.object({
  region: RegionCodeSchema.optional().meta({
    description: 'admins: the region to show (required); clerks: their own region, the default',
  }),
});

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
