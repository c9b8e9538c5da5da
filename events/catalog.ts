import type { z } from 'zod';
import { ClaimPaid, ClaimRejected, ClaimStatusChanged, ClaimSubmitted } from './claim-events';
import { EBillIssued, EBillVoided } from './ebill-events';
import { ReviewEscalated } from './review-events';

/** Every event crossclaim publishes or consumes, by detail-type (DESIGN §6b). */
export const EVENT_CONTRACTS = {
  'EBill.Issued': EBillIssued,
  'EBill.Voided': EBillVoided,
  'Claim.Submitted': ClaimSubmitted,
  'Claim.StatusChanged': ClaimStatusChanged,
  'Claim.Paid': ClaimPaid,
  'Claim.Rejected': ClaimRejected,
  'Review.Escalated': ReviewEscalated,
} as const;

export type DetailType = keyof typeof EVENT_CONTRACTS;
export type DetailOf<T extends DetailType> = z.output<(typeof EVENT_CONTRACTS)[T]['schema']>;

export const DETAIL_TYPES = Object.keys(EVENT_CONTRACTS) as DetailType[];

export const isDetailType = (value: string): value is DetailType => Object.hasOwn(EVENT_CONTRACTS, value);
