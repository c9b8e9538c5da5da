import { z } from 'zod';
import {
  AppealRequestSchema,
  CheckRequestSchema,
  FileFromVisitRequestSchema,
  ClerkDecisionRequestSchema,
  InformationAnswerSchema,
  RegionCodeSchema,
  SubmitClaimRequestSchema,
} from '../domain/claim';
import type { ClaimStatus } from '../domain/claim-status';
import { HospitalCodeSchema, SignedEBillSchema } from '../domain/ebill';
import type { ApiFunctionName } from './catalog';
import type { Role } from './shared/auth';
import { ClaimSummarySchema, ClaimViewSchema, QueueItemSchema } from './views/claim-views';
import {
  EobViewSchema,
  FhirExplanationOfBenefitSchema,
  HistoryViewSchema,
  NotificationsViewSchema,
  FollowUpsViewSchema,
  RatingOfClaimViewSchema,
  RatingRequestSchema,
  RatingViewSchema,
  RatingsViewSchema,
} from './views/case-record-views';
import { ClaimIdSchema } from './shared/step-inputs';
import { EligibilityQuerySchema, FhirEligibilitySchema } from './views/eligibility-views';
import { RECEIPT_IMAGE_LIMITS, UploadReceiptImageResponseSchema } from '../domain/receipt-image';
import { DashboardViewSchema } from './views/dashboard-view';
import { AccessLogViewSchema } from './views/access-log-view';
import { ReceiptsViewSchema } from './views/receipt-views';
import { MyVisitsQuerySchema, MyVisitsViewSchema } from './views/visit-views';
import { OnBehalfOfSchema, RecordDelegationRequestSchema } from '../domain/delegation';
import {
  DelegationPathSchema,
  DelegationsViewSchema,
  NewDelegationViewSchema,
} from './views/delegation-views';

/**
 * The HTTP API as data: for each route its method and path (API Gateway syntax), the function
 * behind it (functions/catalog.ts), the roles that may call it, and the schemas of what goes
 * in and out. infra/ builds the HTTP API's routes from it, local/api serves and routes by it,
 * and the OpenAPI description is generated from it; the handlers take their allowed roles
 * from it, so the documentation cannot promise what the code does not check.
 */

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** The non-success answers a route can give, each with the shared error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export interface ApiRoute {
  method: HttpMethod;
  /** API Gateway style: `/claims/{claimId}`. */
  path: `/${string}`;
  functionName: ApiFunctionName;
  roles: readonly Role[];
  summary: string;
  description: string;
  request: { params?: z.ZodObject; query?: z.ZodObject; headers?: z.ZodObject; body?: z.ZodType };
  success: { status: 200 | 201 | 202; description: string; body: z.ZodType };
  /**
   * The route shows one case, or part of it: a staff member's read is recorded with this as the
   * why, and the citizen sees it (GET /claims/{claimId}/access-log; functions/shared/case-reads.ts).
   */
  caseRead?: { zh: string; en: string };
  /** The largest body the route takes (the local API server refuses more with 413); 1 MiB if absent. */
  maxBodyBytes?: number;
  errors: readonly ErrorStatus[];
}

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

export const ErrorResponseSchema = z
  .object({
    error: z.string().meta({ description: 'a stable code: invalid_request, unauthorized, forbidden, …' }),
    message: z.string(),
    in: z.string().optional().meta({
      description:
        'with issues: the part of the request their paths are in (request body, query string, path parameters, request headers)',
    }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

const ClaimPathSchema = z.object({ claimId: ClaimIdSchema });
const HospitalPathSchema = z.object({ hospitalCode: HospitalCodeSchema });

/** The statuses of a clerk's queue (domain/claim-status.ts QUEUE_STATUSES), as the query takes them. */
export const REVIEW_QUEUE_STATUSES = ['IN_REVIEW', 'FAILED'] as const satisfies readonly ClaimStatus[];

const RegionQuerySchema = z.object({
  region: RegionCodeSchema.optional().meta({
    description: 'admins: the region to show (required); supervisors: their own region, the default',
  }),
});
const AssigneeViewSchema = z.object({ clerkId: z.string(), at: z.iso.datetime({ offset: true }) });

const RatingsQuerySchema = z.object({
  region: RegionCodeSchema.optional().meta({
    description: 'admins: the region to show (required); clerks: their own region, the default',
  }),
});

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

const ReviewQueueQuerySchema = z.object({
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

// The web pages' read-only routes (supervisor dashboard, receipts beside the e-bill).
const DashboardQuerySchema = z.object({
  region: RegionCodeSchema.optional().meta({
    description: 'admins: the region to show (required); supervisors: their own region, the default',
  }),
  days: z.coerce.number().int().min(1).max(90).default(14).meta({ description: 'days of claims per day' }),
});
const ReceiptPathSchema = z.object({ claimId: ClaimIdSchema, receiptId: z.string().regex(/^R\d{1,3}$/) });

export const API_ROUTES = {
  SubmitClaim: {
    method: 'POST',
    path: '/claims',
    functionName: 'SubmitClaim',
    roles: ['citizen', 'agent'],
    summary: 'File a claim',
    description:
      'A citizen files a claim for a visit to a hospital outside their home region, with consent to fetch ' +
      'the bills from that hospital: either from a visit of GET /my/visits (`visitRef`: the visit, consent ' +
      'and the payout account; a reference to a visit that is not the caller’s is 404, a visit settled ' +
      'directly 409) or with the full form, whose insured ID number must be the signed-in citizen’s. For ' +
      'someone else (帮办 / 代办), the full form with `onBehalfOf`: a family delegate (a citizen) names the ' +
      'delegation the insured recorded for them; an agent (service window) names the insured’s window ' +
      'authorisation with its one-time code and the scan of the signed form they uploaded. Without a valid ' +
      'one (none, another person’s, revoked, expired, used, a wrong code) 403; an agent without `onBehalfOf` 403. ' +
      'The claim is the insured’s: in their list, its history naming who filed, and they are notified.',
    request: {
      headers: SubmitClaimHeadersSchema,
      body: z.union([
        FileFromVisitRequestSchema.meta({ id: 'FileFromVisitRequest' }),
        SubmitClaimRequestSchema.meta({ id: 'SubmitClaimRequest' }),
        z.looseObject({ onBehalfOf: OnBehalfOfSchema }).meta({
          id: 'FileOnBehalfRequest',
          description: 'SubmitClaimRequest with `onBehalfOf`: filing for the insured it names',
        }),
      ]),
    },
    success: {
      status: 202,
      description: 'Accepted: the claim workflow has started; follow it at the Location header.',
      body: z.object({ claimId: z.string(), status: z.literal('SUBMITTED') }),
    },
    errors: [400, 401, 403, 404, 409, 413, 422, 429, 503],
  },
  ListClaims: {
    method: 'GET',
    path: '/claims',
    functionName: 'ListClaims',
    roles: ['citizen'],
    summary: 'My claims',
    description: 'The signed-in citizen’s claims, newest first (at most 50).',
    request: {},
    success: {
      status: 200,
      description: 'The claims',
      body: z.object({ claims: z.array(ClaimSummarySchema) }),
    },
    errors: [401, 403],
  },
  GetClaim: {
    method: 'GET',
    path: '/claims/{claimId}',
    functionName: 'GetClaim',
    caseRead: { zh: '查看案件', en: 'viewed the case' },
    roles: ['citizen', 'clerk', 'admin', 'agent'],
    summary: 'A claim',
    description:
      'The case: status, what it waits for, reasons, the benefit and how it was reached, with identity and ' +
      'bank account masked. A citizen sees their own claims, a clerk their region’s, an agent only the claims ' +
      'they filed themselves; any other claim is 404.',
    request: { params: ClaimPathSchema },
    success: { status: 200, description: 'The case', body: ClaimViewSchema },
    errors: [400, 401, 403, 404],
  },
  ReviewQueue: {
    method: 'GET',
    path: '/review-queue',
    functionName: 'ReviewQueue',
    roles: ['clerk', 'supervisor', 'admin'],
    summary: 'The review queue',
    description:
      'The cases of a region that wait for a clerk, oldest first, with why: IN_REVIEW (a rule asked for ' +
      'a person) or FAILED (a step failed for good); a page at a time (nextCursor while more remain).',
    request: { query: ReviewQueueQuerySchema },
    success: {
      status: 200,
      description: 'The queue',
      body: z.object({
        region: z.string(),
        status: z.enum(REVIEW_QUEUE_STATUSES),
        claims: z.array(QueueItemSchema),
        nextCursor: z.string().optional(),
      }),
    },
    errors: [400, 401, 403],
  },
  DecideClaim: {
    method: 'POST',
    path: '/claims/{claimId}/decision',
    functionName: 'DecideClaim',
    roles: ['clerk'],
    summary: 'Decide a case waiting for a clerk',
    description:
      'A clerk of the claim’s home region approves it (the adjudicated benefit is paid), rejects it with a ' +
      'reason the citizen reads, or retries a failed case from eligibility. 409 when the case is not ' +
      'waiting for a clerk (decided already, or still running).',
    request: {
      params: ClaimPathSchema,
      body: ClerkDecisionRequestSchema.meta({ id: 'ClerkDecisionRequest' }),
    },
    success: {
      status: 202,
      description: 'Recorded, and the workflow resumed',
      body: z.object({
        claimId: z.string(),
        decision: z.enum(['approve', 'reject', 'retry']),
        status: z.string(),
      }),
    },
    errors: [400, 401, 403, 404, 409, 413, 503],
  },
  HospitalPostEBill: {
    method: 'POST',
    path: '/hospitals/{hospitalCode}/ebills',
    functionName: 'HospitalPostEBill',
    roles: ['hospital'],
    summary: 'Push a signed e-bill (hospitals without EventBridge access)',
    description:
      'The same as putting an EBill.Issued event on the bus: the bill goes to verification (signature ' +
      'against the hospital key registry) and resumes any claim waiting for it. A hospital posts only ' +
      'its own bills.',
    request: { params: HospitalPathSchema, body: SignedEBillSchema.meta({ id: 'SignedEBill' }) },
    success: {
      status: 202,
      description: 'Accepted for verification',
      body: z.object({
        hospitalCode: z.string(),
        billBatchCode: z.string(),
        billNo: z.string(),
        accepted: z.literal('for_verification'),
      }),
    },
    errors: [400, 401, 403, 413],
  },
  UploadReceiptImage: {
    method: 'POST',
    path: '/receipt-images',
    functionName: 'UploadReceiptImage',
    roles: ['citizen', 'agent'],
    summary: 'Upload a photo or scan of a paper receipt',
    description:
      'The body is the image itself (Content-Type image/png or image/jpeg; the type is judged from the bytes). ' +
      'At most 4 MiB and 24 megapixels; a decompression bomb is refused from its header. Nothing is stored ' +
      'when refused. File a claim with `receipts: [{ imageId }]`; only the uploader can use the image. An agent ' +
      'uploads the citizen’s signed authorisation form this way (onBehalfOf.signedAuthorisation).',
    request: {},
    success: {
      status: 201,
      description: 'Stored; the id names the image in a claim',
      body: UploadReceiptImageResponseSchema.meta({ id: 'ReceiptImage' }),
    },
    maxBodyBytes: RECEIPT_IMAGE_LIMITS.maxBytes + 1,
    errors: [400, 401, 403, 413, 415, 429],
  },
  GetEob: {
    method: 'GET',
    path: '/claims/{claimId}/eob',
    functionName: 'GetEob',
    caseRead: { zh: '查看报销结算说明', en: 'viewed the explanation of benefits' },
    roles: ['citizen', 'clerk', 'admin'],
    summary: 'The explanation of benefits',
    description:
      'What the fund pays and why, per line: the amounts by FHIR adjudication category and the reason in ' +
      'Chinese and English, from the latest adjudication, with the payment once made. A citizen sees their ' +
      'own claims, a clerk their region’s; any other claim is 404. 409 while the claim has no adjudication.',
    request: { params: ClaimPathSchema },
    success: { status: 200, description: 'The explanation', body: EobViewSchema },
    errors: [400, 401, 403, 404, 409],
  },
  GetFhirEob: {
    method: 'GET',
    path: '/claims/{claimId}/fhir',
    functionName: 'GetFhirEob',
    caseRead: { zh: '调取结算说明（FHIR）', en: 'retrieved the explanation of benefits (FHIR)' },
    roles: ['citizen', 'clerk', 'admin'],
    summary: 'The explanation of benefits as FHIR R4 ExplanationOfBenefit',
    description:
      'The same explanation as /eob as a FHIR R4 ExplanationOfBenefit (application/fhir+json), with the ' +
      'patient named only masked. Same access as /eob.',
    request: { params: ClaimPathSchema },
    success: {
      status: 200,
      description: 'The ExplanationOfBenefit resource',
      body: FhirExplanationOfBenefitSchema,
    },
    errors: [400, 401, 403, 404, 409],
  },
  GetHistory: {
    method: 'GET',
    path: '/claims/{claimId}/history',
    functionName: 'GetHistory',
    caseRead: { zh: '查看案件历史', en: 'viewed the case history' },
    roles: ['citizen', 'clerk', 'admin'],
    summary: 'The case history',
    description:
      'Every change to the case (status, decision, document, adjudication, payout, rating), hash-chained, ' +
      'with whether the chain verifies. Staff see who acted; a citizen sees clerks by role only.',
    request: { params: ClaimPathSchema },
    success: { status: 200, description: 'The history', body: HistoryViewSchema },
    errors: [400, 401, 403, 404],
  },
  RateClaim: {
    method: 'POST',
    path: '/claims/{claimId}/rating',
    functionName: 'RateClaim',
    roles: ['citizen'],
    summary: 'Rate the service for a closed claim (好差评)',
    description:
      'Once the claim is paid or rejected, its citizen rates the service once: one of five levels (非常满意 … ' +
      '非常不满意) for the whole and for each sub-score of the ratings policy, with an optional comment. A ' +
      '不满意 or 非常不满意 rating opens a follow-up due in the policy’s working days (the region’s holiday ' +
      'calendar). 409 when the claim is not closed yet or was rated already.',
    request: { params: ClaimPathSchema, body: RatingRequestSchema },
    success: {
      status: 201,
      description: 'The rating, as the region’s clerks see it',
      body: RatingViewSchema,
    },
    errors: [400, 401, 403, 404, 409, 413],
  },
  ListRatings: {
    method: 'GET',
    path: '/ratings',
    functionName: 'ListRatings',
    roles: ['clerk', 'supervisor', 'admin'],
    summary: 'The ratings of a region',
    description:
      'The ratings citizens gave a region’s closed claims, newest first (at most 100), with count, average ' +
      'and how many of each score. A clerk sees their own region; an admin names it.',
    request: { query: RatingsQuerySchema },
    success: { status: 200, description: 'The ratings', body: RatingsViewSchema },
    errors: [400, 401, 403],
  },
  ListNotifications: {
    method: 'GET',
    path: '/notifications',
    functionName: 'ListNotifications',
    roles: ['citizen'],
    summary: 'My notifications',
    description:
      'What the signed-in citizen was told about their claims as they moved, newest first (at most 50).',
    request: {},
    success: { status: 200, description: 'The notifications', body: NotificationsViewSchema },
    errors: [401, 403],
  },
  Dashboard: {
    method: 'GET',
    path: '/dashboard',
    functionName: 'Dashboard',
    roles: ['supervisor', 'admin'],
    summary: 'The service level of a region (supervisors)',
    description:
      'Claims per day by status, the share decided without a clerk, submit→paid p50/p95, the queue’s size ' +
      'and oldest age, SLA breaches, payouts and ratings, computed from the table on each call. A ' +
      'supervisor sees their own region; an admin names it.',
    request: { query: DashboardQuerySchema },
    success: { status: 200, description: 'The numbers', body: DashboardViewSchema },
    errors: [400, 401, 403],
  },
  ListReceipts: {
    method: 'GET',
    path: '/claims/{claimId}/receipts',
    functionName: 'ListReceipts',
    caseRead: { zh: '查看纸质票据识别结果', en: 'viewed the paper receipts as read' },
    roles: ['citizen', 'clerk', 'supervisor', 'admin'],
    summary: 'The receipts of a claim, as read',
    description:
      'Each receipt: every field read with its confidence, the e-bill’s value beside it, the fields the ' +
      'reconciliation flagged, and whether there is an image. Same access as GET /claims/{id}.',
    request: { params: ClaimPathSchema },
    success: { status: 200, description: 'The receipts', body: ReceiptsViewSchema },
    errors: [400, 401, 403, 404],
  },
  GetReceiptImage: {
    method: 'GET',
    path: '/claims/{claimId}/receipts/{receiptId}/image',
    functionName: 'GetReceiptImage',
    caseRead: { zh: '查看纸质票据照片', en: 'viewed a paper receipt photo' },
    roles: ['citizen', 'clerk', 'supervisor', 'admin'],
    summary: 'The photo or scan of a receipt',
    description:
      'The image bytes (image/png or image/jpeg) a receipt was uploaded as, through its claim: same access ' +
      'as GET /claims/{id}; a receipt without an image is 404.',
    request: { params: ReceiptPathSchema },
    success: {
      status: 200,
      description: 'The image (binary; the content type says which)',
      body: z.string().meta({ format: 'binary' }),
    },
    errors: [400, 401, 403, 404],
  },
  AssignClaim: {
    method: 'POST',
    path: '/claims/{claimId}/assignment',
    functionName: 'AssignClaim',
    roles: ['clerk'],
    summary: 'Take a case from the queue',
    description:
      'The clerk takes the case so no other clerk works it. Of two clerks taking one case at once, one ' +
      'wins; the other gets 409 assigned_to_other (or claim_changed). Taking a case one holds is 200 again.',
    request: { params: ClaimPathSchema },
    success: {
      status: 200,
      description: 'Taken',
      body: z.object({ claimId: z.string(), assignee: AssigneeViewSchema }),
    },
    errors: [400, 401, 403, 404, 409],
  },
  ReleaseClaim: {
    method: 'DELETE',
    path: '/claims/{claimId}/assignment',
    functionName: 'ReleaseClaim',
    roles: ['clerk', 'supervisor'],
    summary: 'Put a case back in the queue',
    description: 'The clerk holding the case releases it; a supervisor of the region may release any case.',
    request: { params: ClaimPathSchema },
    success: {
      status: 200,
      description: 'Released',
      body: z.object({ claimId: z.string(), released: z.boolean() }),
    },
    errors: [400, 401, 403, 404, 409],
  },
  CheckDecision: {
    method: 'POST',
    path: '/claims/{claimId}/check',
    functionName: 'CheckDecision',
    roles: ['clerk'],
    summary: 'Check another clerk’s decision (maker-checker)',
    description:
      'A decision paying more than the policy’s review.secondClerkAboveFen waits for a second clerk: confirm ' +
      'carries it out (the workflow resumes), return sends it back to the queue. The maker cannot check ' +
      'their own decision (409 maker_cannot_check).',
    request: { params: ClaimPathSchema, body: CheckRequestSchema.meta({ id: 'CheckRequest' }) },
    success: {
      status: 202,
      description: 'Recorded',
      body: z.object({ claimId: z.string(), verdict: z.enum(['confirm', 'return']), status: z.string() }),
    },
    errors: [400, 401, 403, 404, 409, 503],
  },
  AnswerInformation: {
    method: 'POST',
    path: '/claims/{claimId}/information',
    functionName: 'AnswerInformation',
    roles: ['citizen'],
    summary: 'Answer a clerk’s request for information',
    description:
      'While the claim is WAITING_FOR_INFO and before the deadline, the citizen answers (text, optionally ' +
      'uploaded images by id); the claim goes back to the clerk. After the deadline the claim is closed.',
    request: { params: ClaimPathSchema, body: InformationAnswerSchema.meta({ id: 'InformationAnswer' }) },
    success: {
      status: 202,
      description: 'Answered',
      body: z.object({ claimId: z.string(), status: z.string() }),
    },
    errors: [400, 401, 403, 404, 409, 503],
  },
  FileAppeal: {
    method: 'POST',
    path: '/claims/{claimId}/appeals',
    functionName: 'FileAppeal',
    roles: ['citizen'],
    summary: 'Appeal a decided claim',
    description:
      'Within the policy’s review.appealWindowDays of the decision, the citizen appeals. A paid claim is ' +
      'adjudicated again under the policy version in force on its service date, the difference is shown ' +
      'line by line on the claim’s appeals, and only a positive difference is paid, once. A rejected claim ' +
      'goes back to a clerk with the reason, who upholds the rejection or runs the claim again.',
    request: { params: ClaimPathSchema, body: AppealRequestSchema.meta({ id: 'AppealRequest' }) },
    success: {
      status: 202,
      description: 'Filed; the re-adjudication runs',
      body: z.object({ claimId: z.string(), appealNo: z.number().int(), status: z.string() }),
    },
    errors: [400, 401, 403, 404, 409, 503],
  },
  ListEscalations: {
    method: 'GET',
    path: '/escalations',
    functionName: 'ListEscalations',
    roles: ['supervisor', 'admin'],
    summary: 'The supervisor’s queue: cases past their service level',
    description:
      'Cases of the region that waited for a clerk longer than the policy’s review.clerkSlaHours and were ' +
      'escalated, oldest first. A supervisor sees their own region; an admin names it.',
    request: { query: RegionQuerySchema },
    success: {
      status: 200,
      description: 'The escalated cases',
      body: z.object({ region: z.string(), claims: z.array(QueueItemSchema) }),
    },
    errors: [400, 401, 403],
  },
  GetEligibility: {
    method: 'GET',
    path: '/eligibility',
    functionName: 'GetEligibility',
    roles: ['citizen'],
    summary: 'What the home region’s insurance system knows of me, as FHIR R4 CoverageEligibilityResponse',
    description:
      'The signed-in citizen’s own record in the home region’s medical-insurance system (the token’s ID ' +
      'hash; nobody else’s can be asked): enrolment (scheme, working/retired, active dates) and whether it ' +
      'is in force on `date` (today if absent), each cross-province filing and whether it covers that date, ' +
      'and the year’s totals of every channel as benefits used against the policy’s caps (basic fund per ' +
      'care type, deductible met, stays, serious-illness insurance). application/fhir+json. 503 ' +
      '`home_region_unavailable` when the home region does not answer.',
    request: { query: EligibilityQuerySchema },
    success: {
      status: 200,
      description: 'The CoverageEligibilityResponse resource',
      body: FhirEligibilitySchema,
    },
    errors: [400, 401, 403, 503],
  },
  GetRating: {
    method: 'GET',
    path: '/claims/{claimId}/rating',
    functionName: 'GetRating',
    roles: ['citizen', 'clerk', 'supervisor', 'admin'],
    summary: 'The rating of a claim and its follow-up (好差评)',
    description:
      'The claim’s rating with its level, sub-scores and, for a bad rating, the follow-up: its due date, ' +
      'state and the clerk’s answer (the citizen sees the answer, not which clerk gave it). Same access as ' +
      'GET /claims/{id}; `rating: null` while the claim has none.',
    request: { params: ClaimPathSchema },
    success: { status: 200, description: 'The rating, or null', body: RatingOfClaimViewSchema },
    errors: [400, 401, 403, 404],
  },
  AnswerFollowUp: {
    method: 'POST',
    path: '/claims/{claimId}/follow-up',
    functionName: 'AnswerFollowUp',
    roles: ['clerk'],
    summary: 'Answer the follow-up of a bad rating',
    description:
      'A clerk of the claim’s home region answers the follow-up a 不满意 / 非常不满意 rating opened, once; ' +
      'whether it came by the due date is recorded with it and the citizen reads it on the claim page. The ' +
      'clerk who decided or checked the claim may not answer it (403 decided_by_you). 409 no_follow_up or ' +
      'already_answered.',
    request: { params: ClaimPathSchema, body: FollowUpAnswerRequestSchema },
    success: { status: 200, description: 'The rating with its answered follow-up', body: RatingViewSchema },
    errors: [400, 401, 403, 404, 409, 413],
  },
  ListFollowUps: {
    method: 'GET',
    path: '/follow-ups',
    functionName: 'ListFollowUps',
    roles: ['clerk', 'supervisor', 'admin'],
    summary: 'The follow-ups of bad ratings in a region',
    description:
      'Every 不满意 / 非常不满意 rating of the region with its follow-up, overdue (escalated) first, then by due ' +
      'date, with the satisfaction rate, the follow-up rate and the on-time rate. Clerks and supervisors see ' +
      'their own region; an admin names it.',
    request: { query: RegionQuerySchema },
    success: { status: 200, description: 'The follow-ups', body: FollowUpsViewSchema },
    errors: [400, 401, 403],
  },
  GetAccessLog: {
    method: 'GET',
    path: '/claims/{claimId}/access-log',
    functionName: 'GetAccessLog',
    roles: ['citizen', 'clerk', 'supervisor', 'admin'],
    summary: 'Who of the staff looked at the case',
    description:
      'Every read of the case by staff (clerk, supervisor, admin, agent): when, in which role and region, ' +
      'through which page or document and why, newest first; one entry per person, route and minute. A ' +
      'citizen’s own reads are not listed. The citizen sees each member of staff under a pseudonym stable ' +
      'for this claim; staff see ids. Same access as the claim: anyone else gets 404.',
    request: { params: ClaimPathSchema },
    success: { status: 200, description: 'The reads', body: AccessLogViewSchema },
    errors: [400, 401, 403, 404],
  },
  ListVisits: {
    method: 'GET',
    path: '/my/visits',
    functionName: 'ListVisits',
    roles: ['citizen'],
    summary: 'My visits to hospitals outside my home region, to file from',
    description:
      'The signed-in citizen’s own visits (the token’s ID hash; nobody else’s can be asked), from the source ' +
      'the deployment has: the home region’s record of cross-province visits, or the hospitals named in ' +
      '`hospitals`. Each with its bills’ totals in fen, whether it was settled directly at the hospital, ' +
      'the citizen’s claim for it if any, and the `visitRef` POST /claims files from. 503 ' +
      '`visits_unavailable` when the source does not answer.',
    request: { query: MyVisitsQuerySchema },
    success: { status: 200, description: 'The visits, newest first', body: MyVisitsViewSchema },
    errors: [400, 401, 403, 503],
  },
  RecordDelegation: {
    method: 'POST',
    path: '/my/delegations',
    functionName: 'RecordDelegation',
    roles: ['citizen'],
    summary: 'Let someone file for me (代办 / 帮办)',
    description:
      'The signed-in citizen records who may file claims for them: `family` (a relative, by their ID number, ' +
      'kept only as its hash; until revoked or `validUntil`, a year by default) or `agent` (a service window ' +
      'of any region, once: the answer carries a one-time `authorisationCode`, shown only here, to write on the signed ' +
      'authorisation form the agent uploads; 30 days by default).',
    request: { body: RecordDelegationRequestSchema },
    success: { status: 201, description: 'Recorded', body: NewDelegationViewSchema },
    errors: [400, 401, 403, 413],
  },
  ListDelegations: {
    method: 'GET',
    path: '/my/delegations',
    functionName: 'ListDelegations',
    roles: ['citizen'],
    summary: 'Who may file for me',
    description: 'The signed-in citizen’s delegations, newest first, revoked and used ones marked.',
    request: {},
    success: { status: 200, description: 'The delegations', body: DelegationsViewSchema },
    errors: [401, 403],
  },
  RevokeDelegation: {
    method: 'DELETE',
    path: '/my/delegations/{delegationId}',
    functionName: 'RevokeDelegation',
    roles: ['citizen'],
    summary: 'Revoke a delegation',
    description:
      'From now on nobody files on it (403); claims filed before stay the citizen’s. Again is 200; another ' +
      'citizen’s delegation is 404, as one that does not exist.',
    request: { params: DelegationPathSchema },
    success: {
      status: 200,
      description: 'Revoked',
      body: z.object({ delegationId: z.string(), revoked: z.literal(true) }),
    },
    errors: [400, 401, 403, 404],
  },
} as const satisfies Record<ApiFunctionName, ApiRoute>;

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const API_ROUTE_LIST: readonly ApiRoute[] = Object.values(API_ROUTES);
