import type { z } from 'zod';
import type { AccessLogViewSchema } from '../../domain/api/access-log';
import type { EobViewSchema, HistoryViewSchema } from '../../domain/api/case-record';
import type {
  AppealFiledSchema,
  ClaimAcceptedSchema,
  ClaimListSchema,
  ClaimReasonSchema,
  ClaimSummarySchema,
  ClaimViewSchema,
  QueueItemSchema,
} from '../../domain/api/claims';
import type {
  DecisionRecordedSchema,
  EscalationsViewSchema,
  ReviewQueuePageSchema,
} from '../../domain/api/clerk';
import type { DashboardViewSchema } from '../../domain/api/dashboard';
import type {
  DelegationsViewSchema,
  DelegationViewSchema,
  NewDelegationViewSchema,
} from '../../domain/api/delegations';
import type {
  FollowUpsViewSchema,
  RatingOfClaimViewSchema,
  RatingViewSchema,
} from '../../domain/api/ratings';
import type {
  ReceiptsViewSchema,
  ReceiptViewSchema,
  UploadReceiptImageResponseSchema,
} from '../../domain/api/receipts';
import type { MyVisitsViewSchema } from '../../domain/api/visits';

/**
 * The API's answers as the pages use them: the output types of the response schemas in
 * domain/api/ (the source of truth, published at /openapi.json). Type-only imports: the schemas
 * (and zod) stay out of the pages' bundle; domain/api/ reaches nothing of Node, so
 * `tsc -p web` checks the pages against the very schemas the API parses and documents.
 */

export type { ClaimStatus } from '../../domain/claim-status';
export type { RatingLevel } from '../../domain/rating-levels';

export type ClaimReason = z.output<typeof ClaimReasonSchema>;
export type ClaimSummary = z.output<typeof ClaimSummarySchema>;
export type ClaimList = z.output<typeof ClaimListSchema>;
export type ClaimView = z.output<typeof ClaimViewSchema>;
export type ClaimAccepted = z.output<typeof ClaimAcceptedSchema>;
export type AppealFiled = z.output<typeof AppealFiledSchema>;

export type EobView = z.output<typeof EobViewSchema>;
export type EobLine = EobView['lines'][number];
export type HistoryView = z.output<typeof HistoryViewSchema>;
export type HistoryEntry = HistoryView['entries'][number];
export type AccessLogView = z.output<typeof AccessLogViewSchema>;

export type QueueItem = z.output<typeof QueueItemSchema>;
export type ReviewQueuePage = z.output<typeof ReviewQueuePageSchema>;
export type EscalationsView = z.output<typeof EscalationsViewSchema>;
export type DecisionRecorded = z.output<typeof DecisionRecordedSchema>;
export type DashboardView = z.output<typeof DashboardViewSchema>;

export type ReceiptView = z.output<typeof ReceiptViewSchema>;
export type ReceiptField = ReceiptView['fields'][number]['field'];
export type ReceiptsView = z.output<typeof ReceiptsViewSchema>;
export type UploadedReceiptImage = z.output<typeof UploadReceiptImageResponseSchema>;

export type RatingView = z.output<typeof RatingViewSchema>;
export type FollowUpView = NonNullable<RatingView['followUp']>;
export type RatingOfClaim = z.output<typeof RatingOfClaimViewSchema>;
export type FollowUpsView = z.output<typeof FollowUpsViewSchema>;

export type MyVisits = z.output<typeof MyVisitsViewSchema>;
export type Visit = MyVisits['visits'][number];
export type Delegation = z.output<typeof DelegationViewSchema>;
export type NewDelegation = z.output<typeof NewDelegationViewSchema>;
export type DelegationsView = z.output<typeof DelegationsViewSchema>;

/**
 * The local simulator's own routes (local/api/local-endpoints.ts: /local/hospitals, /local/stays),
 * which exist only in the embedded default and are not part of the API or /openapi.json.
 */
export interface Stay {
  hospitalCode: string;
  hospitalName: string;
  visitNo: string;
  careType: 'inpatient' | 'outpatient';
  serviceDate: string;
  totalAmtFen: number;
}

export interface Hospital {
  code: string;
  name: string;
  nameEn: string;
  level: number;
}
