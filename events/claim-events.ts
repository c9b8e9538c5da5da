import type { z } from 'zod';
import { RegionCodeSchema } from '../domain/claim';
import { HospitalCodeSchema } from '../domain/ebill';
import { FenSchema, CareTypeSchema } from '../domain/schema-primitives';
import { ClaimIdSchema, ClaimStatusSchema, EventTimestampSchema, ReasonCodeSchema } from './detail-fields';
import { defineEventContract } from './event-contract';

/**
 * Events about a claim's life, from crossclaim itself. They carry no personal data: no names,
 * ID numbers, bank accounts, diagnoses or visit numbers; only the claim id, codes, amounts and
 * times. Subscribers that need more read the case, under their own access rights.
 */
export const CLAIMS_SOURCE = 'crossclaim.claims';

const fromClaims = (): string => CLAIMS_SOURCE;
const ReasonCodesSchema = ReasonCodeSchema.array().min(1, { error: 'must list at least one reason code' });

/** A citizen submitted a claim; the workflow has started. */
export const ClaimSubmitted = defineEventContract({
  detailType: 'Claim.Submitted',
  currentVersion: '1.0',
  knownMajors: [1],
  fields: {
    claimId: ClaimIdSchema,
    hospitalCode: HospitalCodeSchema,
    /** The insured's home region: whose policy applies and whose clerks see the case. */
    homeRegion: RegionCodeSchema,
    careType: CareTypeSchema,
    at: EventTimestampSchema,
  },
  sourceOf: fromClaims,
});
export type ClaimSubmittedDetail = z.output<typeof ClaimSubmitted.schema>;

/** The case moved from one status to another (DESIGN §4); reasons when it left the happy path. */
export const ClaimStatusChanged = defineEventContract({
  detailType: 'Claim.StatusChanged',
  currentVersion: '1.0',
  knownMajors: [1],
  fields: {
    claimId: ClaimIdSchema,
    from: ClaimStatusSchema,
    to: ClaimStatusSchema,
    at: EventTimestampSchema,
    reasonCodes: ReasonCodesSchema.optional(),
  },
  sourceOf: fromClaims,
  check: (detail, ctx) => {
    if (detail.from === detail.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        input: detail.to,
        message: `is the same as from (${detail.from})`,
      });
    }
  },
});
export type ClaimStatusChangedDetail = z.output<typeof ClaimStatusChanged.schema>;

/** The payout was made: the amount in whole fen. */
export const ClaimPaid = defineEventContract({
  detailType: 'Claim.Paid',
  currentVersion: '1.0',
  knownMajors: [1],
  fields: { claimId: ClaimIdSchema, amountFen: FenSchema, at: EventTimestampSchema },
  sourceOf: fromClaims,
});
export type ClaimPaidDetail = z.output<typeof ClaimPaid.schema>;

/** The claim ended rejected, for these reasons. */
export const ClaimRejected = defineEventContract({
  detailType: 'Claim.Rejected',
  currentVersion: '1.0',
  knownMajors: [1],
  fields: { claimId: ClaimIdSchema, reasonCodes: ReasonCodesSchema, at: EventTimestampSchema },
  sourceOf: fromClaims,
});
export type ClaimRejectedDetail = z.output<typeof ClaimRejected.schema>;
