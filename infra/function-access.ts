import type { FunctionName } from '../functions/catalog';
import type { StoreAccess } from '../adapters/claims/access';
import { ADJUDICATION_ACCESS } from '../adapters/claims/adjudications';
import { BILL_ACCESS } from '../adapters/claims/bill-guard';
import { CASE_QUERY_ACCESS } from '../adapters/claims/case-queries';
import { CASE_ACCESS } from '../adapters/claims/cases';
import { CASE_READ_ACCESS } from '../adapters/claims/case-reads';
import { CASE_VIEW_ACCESS } from '../adapters/claims/case-view';
import { NOTIFICATION_OUTBOX_ACCESS } from '../adapters/claims/notification-outbox';
import { CITIZEN_RECORD_ACCESS } from '../adapters/claims/citizen-records';
import { FOLDER_ACCESS } from '../adapters/claims/claim-folder';
import { SUBMISSION_ACCESS } from '../adapters/claims/submissions';
import { DOCUMENT_ACCESS } from '../adapters/claims/documents';
import { HISTORY_ACCESS } from '../adapters/claims/history';
import { PAYOUT_ACCESS } from '../adapters/claims/payouts';
import { PAYOUT_REPORT_ACCESS } from '../adapters/home-region/payout-report-outbox';
import { DELEGATION_ACCESS } from '../adapters/claims/delegations';
import { store, type FunctionAccess } from './store-grants';

export type { ItemGrant, KeyPrefix, TableAction } from '../adapters/claims/access';
export { keepsAuditChain, store, withVisitSource, type FunctionAccess } from './store-grants';

/**
 * What each Lambda function may touch. The table grants are not written here: each repository
 * of adapters/claims/ declares, per operation, the DynamoDB actions and partition-key prefixes
 * it uses (CASE_ACCESS, PAYOUT_ACCESS, ...), and a function lists the operations it calls; `store()`
 * merges them. The stack turns the result into IAM statements: DynamoDB actions limited to the
 * partition-key prefixes (`dynamodb:LeadingKeys`), index queries to the one index,
 * SendTaskSuccess only for the functions that resume a waiting task, PutEvents only for those
 * that publish. A handler that starts calling another operation must name it here, or it fails
 * with AccessDenied on AWS (and the infra tests pin this table).
 * (TransactWriteItems has no IAM action of its own: each Put inside is authorized as PutItem.)
 */

/** HospitalRegistry.lookup (adapters/hospital-registry.ts): the hospital's profile and keys. */
const HOSPITAL_DIRECTORY: StoreAccess = { items: [{ actions: ['Query'], keys: ['HOSPITAL#'] }] };
/** Powertools idempotency records of one handler (functions/shared/idempotency.ts). */
const idempotencyRecords = (handler: string): StoreAccess => ({
  items: [{ actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], keys: [`IDEMPOTENCY#${handler}`] }],
});

/** A case moved or updated: read, then changed with its entry (CASE_ACCESS.change covers its documents' reads). */
const CASE = CASE_ACCESS.change;
/**
 * A step that moves a case (functions/services/claim-moves.ts) also notifies the citizen: their
 * inbox and the pending delivery in the move's transaction, the delivery taken out once sent.
 */
const CITIZEN_INBOX = store(
  CITIZEN_RECORD_ACCESS.notify,
  NOTIFICATION_OUTBOX_ACCESS.enqueue,
  NOTIFICATION_OUTBOX_ACCESS.deliver,
);
/** The engine run on a stored claim (functions/services/adjudication.ts): bills, hospital level, the next ADJ#. */
const ENGINE = [DOCUMENT_ACCESS.read, ADJUDICATION_ACCESS.append, HOSPITAL_DIRECTORY] as const;
/** What the claim's pages read: the case, its documents and adjudications, its payout. */
const CLAIM_PAGE = store(
  CASE_VIEW_ACCESS.read,
  CASE_ACCESS.read,
  DOCUMENT_ACCESS.read,
  ADJUDICATION_ACCESS.read,
  PAYOUT_ACCESS.read,
  CASE_READ_ACCESS.record,
);
/** A route marked `caseRead` in functions/api-routes.ts records a staff member's read (functions/shared/case-reads.ts). */
const CASE_READ = CASE_READ_ACCESS.record;

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  AwaitInformation: {
    ...store(CASE, CITIZEN_INBOX),
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 25,
  },
  InformationOverdue: { ...store(CASE), timeoutSeconds: 25 },
  ReAdjudicateAppeal: {
    // The claim's payouts and adjudications, the year's totals, the policy in force; the case moves.
    ...store(CASE, ...ENGINE, PAYOUT_ACCESS.readTotals, PAYOUT_ACCESS.read, CITIZEN_INBOX),
    policies: true,
    publishesEvents: true,
    notifiesCitizens: true,
    memoryMb: 512,
    timeoutSeconds: 25,
  },
  PayAppealDifference: {
    // The accumulator at its version, in one transaction with the appeal's own payout record.
    ...store(
      CASE,
      FOLDER_ACCESS.read,
      ...ENGINE,
      PAYOUT_ACCESS.readTotals,
      PAYOUT_ACCESS.record,
      PAYOUT_REPORT_ACCESS.report,
      CITIZEN_INBOX,
    ),
    policies: true,
    bankApi: true,
    publishesEvents: true,
    notifiesCitizens: true,
    memoryMb: 512,
    timeoutSeconds: 55,
  },
  AssignClaim: { ...store(CASE), timeoutSeconds: 10 },
  ReleaseClaim: { ...store(CASE), timeoutSeconds: 10 },
  CheckDecision: {
    ...store(CASE, CITIZEN_INBOX),
    policies: true,
    resumesTasks: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  AnswerInformation: {
    ...store(CASE, CITIZEN_INBOX),
    resumesTasks: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  FileAppeal: {
    ...store(CASE, CITIZEN_INBOX),
    policies: true,
    startsExecutions: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  ListEscalations: { ...store(CASE_QUERY_ACCESS.queue), policies: true, timeoutSeconds: 10 },
  // The home region's record of the caller, and the policy in force for its caps: no table access.
  GetEligibility: { ...store(), policies: true, homeRegionApi: true, timeoutSeconds: 10 },
  // Every minute (a schedule): the citizens' notifications the channel has not taken yet.
  DrainNotifications: {
    ...store(NOTIFICATION_OUTBOX_ACCESS.drain),
    notifiesCitizens: true,
    timeoutSeconds: 50,
  },
  // The caller's visits from the configured source (VISIT_SOURCE: the home region, or the hospitals
  // named), marked with the caller's own claims (the insured index).
  ListVisits: { ...store(CASE_QUERY_ACCESS.insured), visitSource: true, timeoutSeconds: 10 },
  // A family delegate is kept as the hash of their ID number.
  RecordDelegation: { ...store(DELEGATION_ACCESS.record), hashesIdentities: true, timeoutSeconds: 10 },
  ListDelegations: { ...store(DELEGATION_ACCESS.read), timeoutSeconds: 10 },
  RevokeDelegation: { ...store(DELEGATION_ACCESS.revoke), timeoutSeconds: 10 },
  // Every minute (a schedule): the payout reports the home region has not acknowledged yet.
  DrainPayoutReports: { ...store(PAYOUT_REPORT_ACCESS.drain), homeRegionApi: true, timeoutSeconds: 50 },
  // Hourly (a schedule): follow-ups of bad ratings past their due date, escalated once.
  EscalateFollowUps: { ...store(CITIZEN_RECORD_ACCESS.escalateFollowUps), timeoutSeconds: 50 },
  // Every 15 minutes (a schedule): claims parked for a bill whose event never came, by region
  // (the queue index lists WAITING_FOR_EBILL too), asked of their hospital again; a bill found
  // is stored with the claim and the waiting task resumed.
  RefetchWaitingBills: {
    ...store(CASE_QUERY_ACCESS.queue, DOCUMENT_ACCESS.write),
    policies: true,
    hospitalApi: true,
    resumesTasks: true,
    timeoutSeconds: 300,
  },
  CheckEligibility: { ...store(CASE), policies: true, timeoutSeconds: 25 },
  FetchDocuments: {
    ...store(CASE, FOLDER_ACCESS.read, DOCUMENT_ACCESS.write, DOCUMENT_ACCESS.readVisit),
    hospitalApi: true,
    timeoutSeconds: 55,
  },
  AwaitEBill: {
    ...store(CASE, DOCUMENT_ACCESS.write, DOCUMENT_ACCESS.readVisit, DOCUMENT_ACCESS.awaitOnVisit),
    resumesTasks: true,
    timeoutSeconds: 25,
  },
  ReadReceipt: {
    ...store(CASE, DOCUMENT_ACCESS.read, DOCUMENT_ACCESS.write, HOSPITAL_DIRECTORY),
    hospitalApi: true,
    receiptImages: ['read'],
    // HOSPITAL_DIRECTORY (in the store grants above): the claim's hospital's registered name, which
    // a hospital name read from paper is checked against.
    // The policy's receiptConfidenceBelow decides which fields are read well enough to pay on.
    policies: true,
    ocr: true,
    // tesseract.js: ~200 MB per worker and CPU-bound; more memory is more CPU on Lambda.
    memoryMb: 2048,
    timeoutSeconds: 55,
  },
  VerifyDocuments: {
    ...store(
      CASE,
      FOLDER_ACCESS.read,
      DOCUMENT_ACCESS.write,
      BILL_ACCESS.hold,
      BILL_ACCESS.readStates,
      HOSPITAL_DIRECTORY,
    ),
    policies: true,
    timeoutSeconds: 25,
  },
  Adjudicate: {
    ...store(CASE, FOLDER_ACCESS.read, ...ENGINE, PAYOUT_ACCESS.readTotals),
    policies: true,
    memoryMb: 512,
    timeoutSeconds: 25,
  },
  EnqueueReview: { ...store(CASE), timeoutSeconds: 25 },
  EscalateReview: { ...store(CASE), publishesEvents: true, timeoutSeconds: 25 },
  PayOut: {
    // The case, its adjudications (re-adjudicated when the year changed), the accumulator and
    // the payout in one transaction, then the bank's reference; Powertools idempotency records.
    ...store(
      CASE,
      ...ENGINE,
      PAYOUT_ACCESS.readTotals,
      PAYOUT_ACCESS.record,
      PAYOUT_REPORT_ACCESS.report,
      idempotencyRecords('pay-out'),
    ),
    policies: true,
    bankApi: true,
    memoryMb: 512,
    timeoutSeconds: 55,
  },
  // Reads the payout for Claim.Paid; the citizen was notified by PayOut's move to PAID.
  Notify: {
    ...store(PAYOUT_ACCESS.read),
    publishesEvents: true,
    timeoutSeconds: 25,
  },
  RecordRejection: {
    ...store(CASE, BILL_ACCESS.release),
    publishesEvents: true,
    timeoutSeconds: 25,
  },
  RecordFailure: { ...store(CASE), timeoutSeconds: 25 },
  SubmitClaim: {
    ...store(
      CASE,
      CASE_ACCESS.create,
      SUBMISSION_ACCESS.read,
      SUBMISSION_ACCESS.write,
      DOCUMENT_ACCESS.write,
      CITIZEN_RECORD_ACCESS.quota,
      // Filing for someone else: the delegation read, checked (a window's used up) and the citizen told.
      DELEGATION_ACCESS.read,
      DELEGATION_ACCESS.use,
      CITIZEN_RECORD_ACCESS.notify,
      NOTIFICATION_OUTBOX_ACCESS.enqueue,
      NOTIFICATION_OUTBOX_ACCESS.deliver,
    ),
    notifiesCitizens: true,
    receiptImages: ['read'],
    // A claim from a visit of GET /my/visits finds the visit again at its source.
    visitSource: true,
    startsExecutions: true,
    publishesEvents: true,
    hashesIdentities: true,
    timeoutSeconds: 10,
  },
  IngestEBill: {
    ...store(
      CASE,
      DOCUMENT_ACCESS.write,
      DOCUMENT_ACCESS.readVisit,
      DOCUMENT_ACCESS.writeVisit,
      BILL_ACCESS.hold,
      HOSPITAL_DIRECTORY,
    ),
    hospitalApi: true,
    resumesTasks: true,
    timeoutSeconds: 30,
  },
  GetClaim: { ...CLAIM_PAGE, timeoutSeconds: 10 },
  ListClaims: { ...store(CASE_QUERY_ACCESS.insured), timeoutSeconds: 10 },
  // Each case's service level comes from its policy's clerkSlaHours.
  ReviewQueue: { ...store(CASE_QUERY_ACCESS.queue), policies: true, timeoutSeconds: 10 },
  DecideClaim: {
    // An adjustment is previewed with the engine against the year's totals (maker-checker).
    ...store(CASE, ...ENGINE, PAYOUT_ACCESS.readTotals, CITIZEN_INBOX),
    policies: true,
    resumesTasks: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  HospitalPostEBill: { ...store(), publishesEvents: true, timeoutSeconds: 10 },
  UploadReceiptImage: { ...store(CITIZEN_RECORD_ACCESS.quota), receiptImages: ['write'], timeoutSeconds: 10 },
  GetEob: { ...CLAIM_PAGE, timeoutSeconds: 10 },
  GetFhirEob: { ...CLAIM_PAGE, timeoutSeconds: 10 },
  GetHistory: { ...store(HISTORY_ACCESS.read, CASE_READ), verifiesHistory: true, timeoutSeconds: 10 },
  RateClaim: {
    ...store(CASE, CITIZEN_RECORD_ACCESS.rate, CITIZEN_RECORD_ACCESS.openFollowUp),
    timeoutSeconds: 10,
  },
  GetRating: { ...store(CASE_ACCESS.read, CITIZEN_RECORD_ACCESS.readRatings), timeoutSeconds: 10 },
  // The case, its history (who decided it may not answer), the rating and its follow-up.
  AnswerFollowUp: {
    ...store(
      CASE_ACCESS.read,
      HISTORY_ACCESS.read,
      CITIZEN_RECORD_ACCESS.answerFollowUp,
      NOTIFICATION_OUTBOX_ACCESS.enqueue,
      NOTIFICATION_OUTBOX_ACCESS.deliver,
    ),
    timeoutSeconds: 10,
  },
  ListFollowUps: { ...store(CITIZEN_RECORD_ACCESS.readRatings), timeoutSeconds: 10 },
  ListRatings: { ...store(CITIZEN_RECORD_ACCESS.readRatings), timeoutSeconds: 10 },
  ListNotifications: { ...store(CITIZEN_RECORD_ACCESS.readNotifications), timeoutSeconds: 10 },
  // The case (find), its receipts and e-bills (documents, eBills).
  ListReceipts: { ...store(CASE_ACCESS.read, DOCUMENT_ACCESS.read, CASE_READ), timeoutSeconds: 10 },
  // The case (find) and the receipt (getDocument), then the image itself.
  GetReceiptImage: {
    ...store(CASE_ACCESS.read, DOCUMENT_ACCESS.readOne, CASE_READ),
    receiptImages: ['read'],
    timeoutSeconds: 10,
  },
  // The case (find: who may see it) and its reads by staff.
  GetAccessLog: { ...store(CASE_ACCESS.read, CASE_READ_ACCESS.read), timeoutSeconds: 10 },
  // The region's claims of the window (GSI3, a Query, never a Scan), the queue (GSI1) and the
  // region's ratings. Each call reads the window's cases; at a province's volume, counters kept by a
  // DynamoDB Stream would replace it (docs/web.md).
  Dashboard: {
    ...store(CITIZEN_RECORD_ACCESS.readRatings, CASE_QUERY_ACCESS.queue, CASE_QUERY_ACCESS.region),
    policies: true,
    timeoutSeconds: 10,
  },
};

/**
 * Cognito user-pool triggers: deployed like the handlers (bundled the same way, their own role and
 * log group from the same FunctionAccess), attached to the user pool by infra/constructs/api.ts.
 */
export const COGNITO_TRIGGERS = {
  // Reads the user's attributes from the event and answers: touches nothing. Cognito waits 5 s.
  PreTokenGeneration: {
    entry: 'functions/pre-token-generation.ts',
    access: { items: [], timeoutSeconds: 5 },
  },
} as const satisfies Record<string, { entry: string; access: FunctionAccess }>;
export type CognitoTriggerName = keyof typeof COGNITO_TRIGGERS;

/** The steps that move a case through functions/services/claim-moves.ts (which notifies the citizen). */
const CASE_MOVERS = [
  'CheckEligibility',
  'FetchDocuments',
  'AwaitEBill',
  'VerifyDocuments',
  'Adjudicate',
  'EnqueueReview',
  'PayOut',
  'RecordRejection',
  'RecordFailure',
  'DecideClaim',
] as const satisfies readonly FunctionName[];
/**
 * The functions that ask the home region (functions/home-region/): eligibility, the year's
 * totals and catalogue (engine runs), the payout reports. Only these get its URL and may read
 * its client token.
 */
const HOME_REGION_CALLERS = [
  'CheckEligibility',
  'Adjudicate',
  'PayOut',
  'DecideClaim',
  'ReAdjudicateAppeal',
  'PayAppealDifference',
] as const satisfies readonly FunctionName[];
for (const name of HOME_REGION_CALLERS)
  FUNCTION_ACCESS[name] = { ...FUNCTION_ACCESS[name], homeRegionApi: true };

for (const name of CASE_MOVERS) {
  const access = FUNCTION_ACCESS[name];
  FUNCTION_ACCESS[name] = {
    ...access,
    ...store(access, CITIZEN_INBOX),
    publishesEvents: true,
    notifiesCitizens: true,
  };
}
