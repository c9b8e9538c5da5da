import type { FunctionName } from '../functions/catalog';

/**
 * What each Lambda function may touch, read from its handler and the adapters it calls
 * (adapters/claim-store.ts, adapters/hospital-registry.ts, functions/shared/idempotency.ts).
 * The stack turns this into IAM statements: DynamoDB actions limited to the partition-key
 * prefixes the function reads or writes (`dynamodb:LeadingKeys`), index queries to the one
 * index, SendTaskSuccess only for the functions that resume a waiting task, PutEvents only for
 * those that publish. A handler that starts touching something new must be added here, or it
 * fails with AccessDenied on AWS (and the infra tests pin this table).
 *
 * Claim-store methods → actions (for reference when a handler changes):
 *   get/find/getDocument → GetItem CLAIM#        transition/putDocument/putEBill → PutItem CLAIM#
 *   eBills/documents/latestAdjudication → Query CLAIM#   appendAdjudication → Query + PutItem CLAIM#
 *   create → PutItem CLAIM# + VISIT# (transaction)       visitEBills/claimsForVisit → Query VISIT#
 *   putVisitEBill → PutItem VISIT#     guardBill/recordBillFlag → PutItem BILL#
 *   billFlags → Query BILL#            releaseBill → DeleteItem BILL#
 *   accumulator → GetItem INSURED#     payout → GetItem PAYOUT#    setBankReference → UpdateItem PAYOUT#
 *   recordPayout → PutItem PAYOUT# + INSURED# + CLAIM# (transaction)
 *   every audited change (transition, documents, adjudications, payout) also appends AUDIT# under
 *   CLAIM# (PutItem) and moves the case's audit head (UpdateItem CLAIM#) in the same transaction
 *   queue → Query index queue          claimsOf → Query index insured
 *   HospitalRegistry.lookup → Query HOSPITAL#
 *   Powertools idempotency → GetItem/PutItem/UpdateItem/DeleteItem IDEMPOTENCY#<handler>
 * (TransactWriteItems has no IAM action of its own: each Put inside is authorized as PutItem.)
 */

export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

/** Partition-key prefixes of DESIGN §4 and docs/data-model.md. */
export type KeyPrefix =
  'CLAIM#' | 'VISIT#' | 'BILL#' | 'INSURED#' | 'PAYOUT#' | 'HOSPITAL#' | 'RATINGS#' | 'IDEMPOTENCY#';

export interface ItemGrant {
  actions: readonly TableAction[];
  /** The partition keys the actions may touch, as prefixes (`CLAIM#` allows `CLAIM#*`). */
  keys: readonly (KeyPrefix | `IDEMPOTENCY#${string}`)[];
}

export interface FunctionAccess {
  /** Item-level access to the table's own key space. */
  items: readonly ItemGrant[];
  /** Queries on a global secondary index (the whole index: its keys are not the table's). */
  indexes?: readonly ('queue' | 'insured' | 'region')[];
  /** Loads the home-region policies (POLICIES_DIR, bundled next to the handler). */
  policies?: boolean;
  /** Calls the hospitals' fetch API (HOSPITAL_API_URL). */
  hospitalApi?: boolean;
  /** Instructs the bank (BANK_API_URL). */
  bankApi?: boolean;
  /** Receipt images in the receipts bucket (RECEIPT_IMAGES_BUCKET), under receipt-images/. */
  receiptImages?: readonly ('read' | 'write')[];
  /** Runs OCR on receipt images (tesseract.js in the function; Textract for English receipts). */
  ocr?: boolean;
  /** states:SendTaskSuccess on the claim state machine's executions. */
  resumesTasks?: boolean;
  /** states:StartExecution on the claim state machine. */
  startsExecutions?: boolean;
  /** events:PutEvents on the crossclaim bus. */
  publishesEvents?: boolean;
  /** Reads the identity-hash key (IDENTITY_KEY_SECRET_ARN): it hashes an ID number a citizen sent. */
  hashesIdentities?: boolean;
  /** sns:Publish on the citizen-notification topic (NOTIFICATION_TOPIC_ARN, adapters/notifier-sns.ts). */
  notifiesCitizens?: boolean;
  /** Memory in MB; 256 unless said. */
  memoryMb?: number;
  /** Timeout in seconds; a step's is below its TimeoutSeconds in claim.asl.json. */
  timeoutSeconds?: number;
}

/** Read the case and its items, change it with its audit entry (a transaction: Put + Update). */
const CASE_READ_WRITE: ItemGrant = {
  actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
  keys: ['CLAIM#'],
};
/**
 * A step that moves a case (functions/shared/claim-moves.ts) also puts the citizen's
 * notification in their inbox (`INSURED#<id>` / `NOTIFY#…`), publishes Claim.StatusChanged and
 * hands the notification to the notifier (the SNS topic on AWS).
 */
const CITIZEN_INBOX: ItemGrant = { actions: ['PutItem'], keys: ['INSURED#'] };
const HOSPITAL_DIRECTORY: ItemGrant = { actions: ['Query'], keys: ['HOSPITAL#'] };

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  AwaitInformation: {
    items: [CASE_READ_WRITE, CITIZEN_INBOX],
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 25,
  },
  InformationOverdue: { items: [CASE_READ_WRITE], timeoutSeconds: 25 },
  ReAdjudicateAppeal: {
    // The claim's payouts and adjudications, the year's totals, the policy in force; the case moves.
    items: [
      CASE_READ_WRITE,
      { actions: ['GetItem'], keys: ['INSURED#', 'PAYOUT#'] },
      HOSPITAL_DIRECTORY,
      CITIZEN_INBOX,
    ],
    policies: true,
    publishesEvents: true,
    notifiesCitizens: true,
    memoryMb: 512,
    timeoutSeconds: 25,
  },
  PayAppealDifference: {
    items: [
      CASE_READ_WRITE,
      // The accumulator at its version, in one transaction with the appeal's own payout record.
      { actions: ['GetItem', 'PutItem'], keys: ['INSURED#'] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], keys: ['PAYOUT#'] },
      HOSPITAL_DIRECTORY,
    ],
    policies: true,
    bankApi: true,
    publishesEvents: true,
    notifiesCitizens: true,
    memoryMb: 512,
    timeoutSeconds: 55,
  },
  AssignClaim: { items: [CASE_READ_WRITE], timeoutSeconds: 10 },
  ReleaseClaim: { items: [CASE_READ_WRITE], timeoutSeconds: 10 },
  CheckDecision: {
    items: [CASE_READ_WRITE, CITIZEN_INBOX],
    policies: true,
    resumesTasks: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  AnswerInformation: {
    items: [CASE_READ_WRITE, CITIZEN_INBOX],
    resumesTasks: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  FileAppeal: {
    items: [CASE_READ_WRITE, CITIZEN_INBOX],
    policies: true,
    startsExecutions: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  ListEscalations: { items: [], indexes: ['queue'], policies: true, timeoutSeconds: 10 },
  CheckEligibility: { items: [CASE_READ_WRITE], policies: true, timeoutSeconds: 25 },
  FetchDocuments: {
    items: [CASE_READ_WRITE, { actions: ['Query'], keys: ['VISIT#'] }],
    hospitalApi: true,
    timeoutSeconds: 55,
  },
  AwaitEBill: {
    items: [CASE_READ_WRITE, { actions: ['Query'], keys: ['VISIT#'] }],
    resumesTasks: true,
    timeoutSeconds: 25,
  },
  ReadReceipt: {
    items: [CASE_READ_WRITE],
    hospitalApi: true,
    receiptImages: ['read'],
    // The policy's receiptConfidenceBelow decides which fields are read well enough to pay on.
    policies: true,
    ocr: true,
    // tesseract.js: ~200 MB per worker and CPU-bound; more memory is more CPU on Lambda.
    memoryMb: 2048,
    timeoutSeconds: 55,
  },
  VerifyDocuments: {
    items: [CASE_READ_WRITE, { actions: ['PutItem', 'Query'], keys: ['BILL#'] }, HOSPITAL_DIRECTORY],
    policies: true,
    timeoutSeconds: 25,
  },
  Adjudicate: {
    items: [CASE_READ_WRITE, { actions: ['GetItem'], keys: ['INSURED#'] }, HOSPITAL_DIRECTORY],
    policies: true,
    memoryMb: 512,
    timeoutSeconds: 25,
  },
  EnqueueReview: { items: [CASE_READ_WRITE], timeoutSeconds: 25 },
  EscalateReview: { items: [CASE_READ_WRITE], publishesEvents: true, timeoutSeconds: 25 },
  PayOut: {
    items: [
      // The case, its adjudications (re-adjudicated when the year changed), the reserved case.
      CASE_READ_WRITE,
      // The annual accumulator, read and written at its version in the payout transaction.
      { actions: ['GetItem', 'PutItem'], keys: ['INSURED#'] },
      // The payout, written once, then the bank's reference set on it.
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], keys: ['PAYOUT#'] },
      HOSPITAL_DIRECTORY,
      // Powertools idempotency records of this handler only.
      { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], keys: ['IDEMPOTENCY#pay-out'] },
    ],
    policies: true,
    bankApi: true,
    memoryMb: 512,
    timeoutSeconds: 55,
  },
  Notify: {
    items: [CASE_READ_WRITE, { actions: ['GetItem'], keys: ['PAYOUT#'] }],
    publishesEvents: true,
    timeoutSeconds: 25,
  },
  RecordRejection: {
    items: [CASE_READ_WRITE, { actions: ['DeleteItem'], keys: ['BILL#'] }],
    publishesEvents: true,
    timeoutSeconds: 25,
  },
  RecordFailure: { items: [CASE_READ_WRITE], timeoutSeconds: 25 },
  SubmitClaim: {
    items: [CASE_READ_WRITE, { actions: ['PutItem'], keys: ['VISIT#'] }],
    receiptImages: ['read'],
    startsExecutions: true,
    publishesEvents: true,
    hashesIdentities: true,
    timeoutSeconds: 10,
  },
  IngestEBill: {
    items: [
      CASE_READ_WRITE,
      { actions: ['PutItem', 'Query'], keys: ['VISIT#'] },
      { actions: ['PutItem'], keys: ['BILL#'] },
      HOSPITAL_DIRECTORY,
    ],
    hospitalApi: true,
    resumesTasks: true,
    timeoutSeconds: 30,
  },
  GetClaim: {
    items: [
      { actions: ['GetItem', 'Query'], keys: ['CLAIM#'] },
      { actions: ['GetItem'], keys: ['PAYOUT#'] },
    ],
    timeoutSeconds: 10,
  },
  ListClaims: { items: [], indexes: ['insured'], timeoutSeconds: 10 },
  // Each case's service level comes from its policy's clerkSlaHours.
  ReviewQueue: { items: [], indexes: ['queue'], policies: true, timeoutSeconds: 10 },
  DecideClaim: {
    // An adjustment is previewed with the engine against the year's totals (maker-checker).
    items: [CASE_READ_WRITE, { actions: ['GetItem'], keys: ['INSURED#'] }, HOSPITAL_DIRECTORY, CITIZEN_INBOX],
    policies: true,
    resumesTasks: true,
    publishesEvents: true,
    notifiesCitizens: true,
    timeoutSeconds: 10,
  },
  HospitalPostEBill: { items: [], publishesEvents: true, timeoutSeconds: 10 },
  UploadReceiptImage: { items: [], receiptImages: ['write'], timeoutSeconds: 10 },
  GetEob: {
    items: [
      { actions: ['GetItem', 'Query'], keys: ['CLAIM#'] },
      { actions: ['GetItem'], keys: ['PAYOUT#'] },
    ],
    timeoutSeconds: 10,
  },
  GetFhirEob: {
    items: [
      { actions: ['GetItem', 'Query'], keys: ['CLAIM#'] },
      { actions: ['GetItem'], keys: ['PAYOUT#'] },
    ],
    timeoutSeconds: 10,
  },
  GetHistory: { items: [{ actions: ['GetItem', 'Query'], keys: ['CLAIM#'] }], timeoutSeconds: 10 },
  RateClaim: {
    items: [CASE_READ_WRITE, { actions: ['PutItem'], keys: ['RATINGS#'] }],
    timeoutSeconds: 10,
  },
  ListRatings: { items: [{ actions: ['Query'], keys: ['RATINGS#'] }], timeoutSeconds: 10 },
  ListNotifications: { items: [{ actions: ['Query'], keys: ['INSURED#'] }], timeoutSeconds: 10 },
  // The case (find), its receipts and e-bills (documents, eBills).
  ListReceipts: { items: [{ actions: ['GetItem', 'Query'], keys: ['CLAIM#'] }], timeoutSeconds: 10 },
  // The case (find) and the receipt (getDocument), then the image itself.
  GetReceiptImage: {
    items: [{ actions: ['GetItem'], keys: ['CLAIM#'] }],
    receiptImages: ['read'],
    timeoutSeconds: 10,
  },
  // The region's claims of the window (GSI3, a Query, never a Scan), the queue (GSI1) and the
  // region's ratings. Each call reads the window's cases; at a province's volume, counters kept by a
  // DynamoDB Stream would replace it (docs/web.md).
  Dashboard: {
    items: [{ actions: ['Query'], keys: ['RATINGS#'] }],
    indexes: ['queue', 'region'],
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

/** The steps that move a case through functions/shared/claim-moves.ts. */
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
for (const name of CASE_MOVERS) {
  const access = FUNCTION_ACCESS[name];
  FUNCTION_ACCESS[name] = {
    ...access,
    items: [...access.items, CITIZEN_INBOX],
    publishesEvents: true,
    notifiesCitizens: true,
  };
}
