/**
 * Every Lambda function of crossclaim: its logical name and its entry file. The state machine
 * refers to step functions as `${<name>FunctionArn}`; infra/ deploys one NodejsFunction per
 * entry and local/ loads the same modules in-process. One list, so they cannot drift.
 */
export const FUNCTIONS = {
  CheckEligibility: 'functions/check-eligibility.ts',
  FetchDocuments: 'functions/fetch-documents.ts',
  AwaitEBill: 'functions/await-ebill.ts',
  ReadReceipt: 'functions/read-receipt.ts',
  VerifyDocuments: 'functions/verify-documents.ts',
  Adjudicate: 'functions/adjudicate.ts',
  EnqueueReview: 'functions/enqueue-review.ts',
  EscalateReview: 'functions/escalate-review.ts',
  PayOut: 'functions/pay-out.ts',
  Notify: 'functions/notify.ts',
  RecordRejection: 'functions/record-rejection.ts',
  RecordFailure: 'functions/record-failure.ts',
  SubmitClaim: 'functions/submit-claim.ts',
  IngestEBill: 'functions/ingest-ebill.ts',
  GetClaim: 'functions/get-claim.ts',
  ListClaims: 'functions/list-claims.ts',
  ReviewQueue: 'functions/review-queue.ts',
  DecideClaim: 'functions/decide-claim.ts',
  HospitalPostEBill: 'functions/hospital-post-ebill.ts',
  UploadReceiptImage: 'functions/upload-receipt-image.ts',
  GetEob: 'functions/get-eob.ts',
  GetFhirEob: 'functions/get-fhir-eob.ts',
  GetHistory: 'functions/get-history.ts',
  RateClaim: 'functions/rate-claim.ts',
  ListRatings: 'functions/list-ratings.ts',
  ListNotifications: 'functions/list-notifications.ts',
  Dashboard: 'functions/dashboard.ts',
  ListReceipts: 'functions/list-receipts.ts',
  GetReceiptImage: 'functions/get-receipt-image.ts',
  AwaitInformation: 'functions/await-information.ts',
  InformationOverdue: 'functions/information-overdue.ts',
  ReAdjudicateAppeal: 'functions/readjudicate-appeal.ts',
  PayAppealDifference: 'functions/pay-appeal-difference.ts',
  AssignClaim: 'functions/assign-claim.ts',
  ReleaseClaim: 'functions/release-claim.ts',
  CheckDecision: 'functions/check-decision.ts',
  AnswerInformation: 'functions/answer-information.ts',
  FileAppeal: 'functions/file-appeal.ts',
  ListEscalations: 'functions/list-escalations.ts',
  GetEligibility: 'functions/get-eligibility.ts',
  ListVisits: 'functions/list-visits.ts',
  RecordDelegation: 'functions/record-delegation.ts',
  ListDelegations: 'functions/list-delegations.ts',
  RevokeDelegation: 'functions/revoke-delegation.ts',
  DrainPayoutReports: 'functions/drain-payout-reports.ts',
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

/** The functions the state machine invokes (the rest are behind the API and the event bus). */
export const STEP_FUNCTION_NAMES = [
  'CheckEligibility',
  'FetchDocuments',
  'AwaitEBill',
  'ReadReceipt',
  'VerifyDocuments',
  'Adjudicate',
  'EnqueueReview',
  'EscalateReview',
  'PayOut',
  'Notify',
  'RecordRejection',
  'RecordFailure',
  'AwaitInformation',
  'InformationOverdue',
  'ReAdjudicateAppeal',
  'PayAppealDifference',
] as const satisfies readonly FunctionName[];

/** The functions behind HTTP API routes (functions/api-routes.ts says which route each serves). */
export const API_FUNCTION_NAMES = [
  'SubmitClaim',
  'GetClaim',
  'ListClaims',
  'ReviewQueue',
  'DecideClaim',
  'HospitalPostEBill',
  'UploadReceiptImage',
  'GetEob',
  'GetFhirEob',
  'GetHistory',
  'RateClaim',
  'ListRatings',
  'ListNotifications',
  'Dashboard',
  'ListReceipts',
  'GetReceiptImage',
  'AssignClaim',
  'ReleaseClaim',
  'CheckDecision',
  'AnswerInformation',
  'FileAppeal',
  'ListEscalations',
  'GetEligibility',
  'ListVisits',
  'RecordDelegation',
  'ListDelegations',
  'RevokeDelegation',
] as const satisfies readonly FunctionName[];
export type ApiFunctionName = (typeof API_FUNCTION_NAMES)[number];

/** The definition substitution key of a function: `CheckEligibilityFunctionArn`. */
export const arnPlaceholder = (name: FunctionName): string => `${name}FunctionArn`;
