import { z } from 'zod';
import { CLAIM_STATUSES } from '../claim-status';
import { RegionCodeSchema } from '../schema-primitives';
import { FenSchema } from './primitives';

/**
 * The supervisor dashboard (GET /dashboard): a region's service level. Days are calendar days in
 * China (UTC+8), when the claim was submitted; functions/views/dashboard-view.ts computes it.
 */

export const DashboardQuerySchema = z.object({
  region: RegionCodeSchema.optional().meta({
    description: 'admins: the region to show (required); supervisors: their own region, the default',
  }),
  days: z.coerce.number().int().min(1).max(90).default(14).meta({ description: 'days of claims per day' }),
});

const StatusCountsSchema = z.record(z.enum(CLAIM_STATUSES), z.number().int().min(0));

export const DashboardViewSchema = z
  .object({
    region: z.string(),
    generatedAt: z.iso.datetime({ offset: true }),
    days: z.number().int().min(1),
    total: z.number().int().min(0),
    byStatus: StatusCountsSchema.meta({ description: 'every claim of the region by its status now' }),
    perDay: z
      .array(z.object({ date: z.string(), submitted: z.number().int(), byStatus: StatusCountsSchema }))
      .meta({ description: 'claims submitted each day of the window, by their status now; oldest first' }),
    decided: z.object({
      closed: z.number().int().min(0).meta({ description: 'PAID or REJECTED' }),
      automatic: z.number().int().min(0).meta({ description: 'closed without a clerk’s decision' }),
      automaticShare: z.number().min(0).max(1).nullable(),
    }),
    submitToPaid: z
      .object({
        count: z.number().int().min(0),
        p50Seconds: z.number().nullable(),
        p95Seconds: z.number().nullable(),
      })
      .meta({ description: 'from submission to the payout being recorded, nearest-rank percentiles' }),
    queue: z.object({
      inReview: z.number().int().min(0),
      failed: z.number().int().min(0),
      size: z.number().int().min(0),
      oldestQueuedAt: z.string().nullable(),
      oldestAgeSeconds: z.number().int().min(0).nullable(),
      slaBreaches: z.number().int().min(0).meta({ description: 'queued cases escalated past their SLA' }),
    }),
    payouts: z.object({ count: z.number().int().min(0), totalFen: FenSchema }),
    ratings: z.object({
      count: z.number().int().min(0),
      averageScore: z.number().nullable(),
      satisfaction: z.number().nullable().meta({ description: '满意率: the share rated 基本满意 or better' }),
      followUpRate: z
        .number()
        .nullable()
        .meta({ description: 'the share of bad ratings’ follow-ups that were answered' }),
      onTimeRate: z
        .number()
        .nullable()
        .meta({ description: 'of follow-ups answered or past due, the share answered by the due date' }),
      followUps: z.object({
        opened: z.number().int().min(0),
        answered: z.number().int().min(0),
        overdue: z.number().int().min(0),
      }),
    }),
  })
  .meta({
    id: 'Dashboard',
    description: 'A region’s service level: volumes, speed, queue, money and ratings.',
  });
export type DashboardView = z.infer<typeof DashboardViewSchema>;
