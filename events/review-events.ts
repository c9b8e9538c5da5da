import type { z } from 'zod';
import { RegionCodeSchema } from '../domain/claim';
import { ClaimIdSchema, EventTimestampSchema, notBefore } from './detail-fields';
import { defineEventContract } from './event-contract';

export const REVIEW_SOURCE = 'crossclaim.review';

/**
 * A case has waited in a region's clerk queue past its SLA. `region` is the queue's region
 * (the insured's home region); like the claim events it names no person.
 */
export const ReviewEscalated = defineEventContract({
  detailType: 'Review.Escalated',
  currentVersion: '1.0',
  knownMajors: [1],
  fields: {
    claimId: ClaimIdSchema,
    region: RegionCodeSchema,
    /** When the case entered the queue. */
    waitingSince: EventTimestampSchema,
    /** When it was escalated. */
    at: EventTimestampSchema,
  },
  sourceOf: () => REVIEW_SOURCE,
  check: (detail, ctx) => {
    notBefore({ field: 'waitingSince', value: detail.waitingSince }, { field: 'at', value: detail.at }, ctx);
  },
});
export type ReviewEscalatedDetail = z.output<typeof ReviewEscalated.schema>;
