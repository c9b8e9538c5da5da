import { z } from 'zod';
import {
  AppealFiledSchema,
  ClaimAcceptedSchema,
  ClaimListSchema,
  ClaimViewSchema,
  InformationAnsweredSchema,
  SubmitClaimHeadersSchema,
} from '../../domain/api/claims';
import { NotificationsViewSchema } from '../../domain/api/case-record';
import { ClaimPathSchema } from '../../domain/api/primitives';
import { UploadReceiptImageResponseSchema } from '../../domain/api/receipts';
import {
  AppealRequestSchema,
  FileFromVisitRequestSchema,
  InformationAnswerSchema,
  SubmitClaimRequestSchema,
} from '../../domain/claim';
import { OnBehalfOfSchema } from '../../domain/delegation';
import { RECEIPT_IMAGE_LIMITS } from '../../domain/receipt-image';
import type { ApiRoutes } from './api-route';

/** A citizen's claims: filing one (or for someone), following it, answering a clerk, appealing. */
export const CLAIM_ROUTES = {
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
      body: ClaimAcceptedSchema,
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
      body: ClaimListSchema,
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
      body: UploadReceiptImageResponseSchema,
    },
    maxBodyBytes: RECEIPT_IMAGE_LIMITS.maxBytes + 1,
    errors: [400, 401, 403, 413, 415, 429],
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
      body: InformationAnsweredSchema,
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
      body: AppealFiledSchema,
    },
    errors: [400, 401, 403, 404, 409, 503],
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
} as const satisfies ApiRoutes;
