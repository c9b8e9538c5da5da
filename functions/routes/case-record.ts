import { AccessLogViewSchema } from '../../domain/api/access-log';
import {
  EobViewSchema,
  FhirExplanationOfBenefitSchema,
  HistoryViewSchema,
} from '../../domain/api/case-record';
import { ClaimPathSchema } from '../../domain/api/primitives';
import { ReceiptImageBytesSchema, ReceiptPathSchema, ReceiptsViewSchema } from '../../domain/api/receipts';
import type { ApiRoutes } from './api-route';

/**
 * A case's record beside the case: the explanation of benefits, the history, the receipts as
 * read (and their images) and who of the staff looked at it.
 */
export const CASE_RECORD_ROUTES = {
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
      body: ReceiptImageBytesSchema,
    },
    errors: [400, 401, 403, 404],
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
} as const satisfies ApiRoutes;
