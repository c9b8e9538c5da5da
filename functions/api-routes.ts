import type { ApiFunctionName } from './catalog';
import type { ApiRoute } from './routes/api-route';
import { CASE_RECORD_ROUTES } from './routes/case-record';
import { CITIZEN_SERVICE_ROUTES } from './routes/citizen-services';
import { CLAIM_ROUTES } from './routes/claims';
import { CLERK_ROUTES } from './routes/clerk';
import { HOSPITAL_ROUTES } from './routes/hospital';
import { RATING_ROUTES } from './routes/ratings';

/**
 * The HTTP API as data: for each route its method and path (API Gateway syntax), the function
 * behind it (functions/catalog.ts), the roles that may call it, and the schemas of what goes
 * in and out. infra/ builds the HTTP API's routes from it, local/api serves and routes by it,
 * and the OpenAPI description is generated from it; the handlers take their allowed roles
 * from it, so the documentation cannot promise what the code does not check.
 *
 * The routes are written by area in functions/routes/; their schemas are the API's published
 * shapes in domain/api/ (which the web pages take their types from) and the domain's request
 * schemas. This table names every function once, in the order of /openapi.json's paths.
 */

export type { ApiRoute, ErrorStatus, HttpMethod } from './routes/api-route';
export { ErrorResponseSchema } from '../domain/api/primitives';
export { REVIEW_QUEUE_STATUSES } from '../domain/api/clerk';
export { SubmitClaimHeadersSchema } from '../domain/api/claims';
export { FollowUpAnswerRequestSchema } from '../domain/api/ratings';

export const API_ROUTES = {
  SubmitClaim: CLAIM_ROUTES.SubmitClaim,
  ListClaims: CLAIM_ROUTES.ListClaims,
  GetClaim: CLAIM_ROUTES.GetClaim,
  ReviewQueue: CLERK_ROUTES.ReviewQueue,
  DecideClaim: CLERK_ROUTES.DecideClaim,
  HospitalPostEBill: HOSPITAL_ROUTES.HospitalPostEBill,
  UploadReceiptImage: CLAIM_ROUTES.UploadReceiptImage,
  GetEob: CASE_RECORD_ROUTES.GetEob,
  GetFhirEob: CASE_RECORD_ROUTES.GetFhirEob,
  GetHistory: CASE_RECORD_ROUTES.GetHistory,
  RateClaim: RATING_ROUTES.RateClaim,
  ListRatings: RATING_ROUTES.ListRatings,
  ListNotifications: CLAIM_ROUTES.ListNotifications,
  Dashboard: CLERK_ROUTES.Dashboard,
  ListReceipts: CASE_RECORD_ROUTES.ListReceipts,
  GetReceiptImage: CASE_RECORD_ROUTES.GetReceiptImage,
  AssignClaim: CLERK_ROUTES.AssignClaim,
  ReleaseClaim: CLERK_ROUTES.ReleaseClaim,
  CheckDecision: CLERK_ROUTES.CheckDecision,
  AnswerInformation: CLAIM_ROUTES.AnswerInformation,
  FileAppeal: CLAIM_ROUTES.FileAppeal,
  ListEscalations: CLERK_ROUTES.ListEscalations,
  GetEligibility: CITIZEN_SERVICE_ROUTES.GetEligibility,
  GetRating: RATING_ROUTES.GetRating,
  AnswerFollowUp: RATING_ROUTES.AnswerFollowUp,
  ListFollowUps: RATING_ROUTES.ListFollowUps,
  GetAccessLog: CASE_RECORD_ROUTES.GetAccessLog,
  ListVisits: CITIZEN_SERVICE_ROUTES.ListVisits,
  RecordDelegation: CITIZEN_SERVICE_ROUTES.RecordDelegation,
  ListDelegations: CITIZEN_SERVICE_ROUTES.ListDelegations,
  RevokeDelegation: CITIZEN_SERVICE_ROUTES.RevokeDelegation,
} as const satisfies Record<ApiFunctionName, ApiRoute>;

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const API_ROUTE_LIST: readonly ApiRoute[] = Object.values(API_ROUTES);
