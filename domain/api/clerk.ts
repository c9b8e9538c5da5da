import { z } from 'zod';
import type { ClaimStatus } from '../claim-status';
import { RegionCodeSchema } from '../schema-primitives';
import { QueueItemSchema } from './claims';

/**
 * What the clerks' and supervisors' routes take and answer besides the case itself: the review
 * queue a page at a time, the escalations, and the answers to deciding, taking, releasing and
 * checking a case.
 */

/** The statuses of a clerk's queue (domain/claim-status.ts QUEUE_STATUSES), as the query takes them. */
export const REVIEW_QUEUE_STATUSES = ['IN_REVIEW', 'FAILED'] as const satisfies readonly ClaimStatus[];

/** The region of a supervisor's page (GET /escalations, GET /follow-ups). */
export const RegionQuerySchema = z.object({
  region: RegionCodeSchema.optional().meta({
    description: 'admins: the region to show (required); supervisors: their own region, the default',
  }),
});

export const ReviewQueueQuerySchema = z.object({
  status: z.enum(REVIEW_QUEUE_STATUSES).default('IN_REVIEW'),
  limit: z.coerce.number().int().min(1).max(200).default(100).meta({ description: 'cases per page' }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .meta({ description: 'the nextCursor of the page before, to read the next one' }),
  region: RegionCodeSchema.optional().meta({
    description: 'admins: the region to show (required); clerks: their own region, the default',
  }),
});

/** GET /review-queue: a page of the queue. */
export const ReviewQueuePageSchema = z.object({
  region: z.string(),
  status: z.enum(REVIEW_QUEUE_STATUSES),
  claims: z.array(QueueItemSchema),
  nextCursor: z.string().optional(),
});

/** GET /escalations. */
export const EscalationsViewSchema = z.object({ region: z.string(), claims: z.array(QueueItemSchema) });

/** POST /claims/{claimId}/decision answers (functions/decide-claim.ts: every answer says awaitingCheck). */
export const DecisionRecordedSchema = z.object({
  claimId: z.string(),
  decision: z.enum(['approve', 'reject', 'retry', 'adjust', 'request_info']),
  status: z.string(),
  awaitingCheck: z.boolean().meta({
    description: 'the decision waits for a second clerk’s check (maker-checker) before it is carried out',
  }),
});

const AssigneeViewSchema = z.object({ clerkId: z.string(), at: z.iso.datetime({ offset: true }) });

/** POST /claims/{claimId}/assignment answers. */
export const AssignmentSchema = z.object({ claimId: z.string(), assignee: AssigneeViewSchema });

/** DELETE /claims/{claimId}/assignment answers. */
export const ReleasedSchema = z.object({ claimId: z.string(), released: z.boolean() });

/** POST /claims/{claimId}/check answers. */
export const CheckRecordedSchema = z.object({
  claimId: z.string(),
  verdict: z.enum(['confirm', 'return']),
  status: z.string(),
});
