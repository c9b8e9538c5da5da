import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimCase } from '../domain/claim';
import { AdjudicationRepository } from './claims/adjudications';
import { AuditedWrites } from './claims/audited-writes';
import { BillGuard } from './claims/bill-guard';
import { CaseQueries } from './claims/case-queries';
import { CaseRepository } from './claims/cases';
import { CitizenRecords } from './claims/citizen-records';
import { readClaimFolder, type ClaimFolder, type FolderRead } from './claims/claim-folder';
import { readCaseView, type CaseView } from './claims/case-view';
import { Submissions } from './claims/submissions';
import { Delegations } from './claims/delegations';
import { DocumentRepository } from './claims/documents';
import { HistoryRepository } from './claims/history';
import { PayoutRepository } from './claims/payouts';
import { CaseReadLog } from './claims/case-reads';
import { NotificationOutbox } from './claims/notification-outbox';

export type { Accumulator, PayoutRecord } from '../domain/payouts';
export { transferKeyOf } from '../domain/payouts';
export type { RemovableField } from '../domain/claim-lifecycle';
export type { StoredAdjudication } from './claims/adjudications';
export type { Alongside, AuditOptions } from './claims/cases';
export type { ClaimFolder } from './claims/claim-folder';
export type { CaseView } from './claims/case-view';
export { claimDocument, eBillDocument, type DocumentWrite } from './claims/documents';
export type { OpenFollowUp, StoredNotification, StoredRating } from './claims/citizen-records';
export type { AuditTrail } from './claims/history';
export type { CaseRead } from './claims/case-reads';
export { notificationKey, type PendingNotification } from './claims/notification-outbox';
export type { PayoutOutcome } from './claims/payouts';
export { InvalidCursorError } from './claims/case-queries';
export { ClaimConflictError, ClaimNotFoundError, keys, type BillFlag } from './claims/keys';
export type { BillState } from './claims/bill-guard';

/**
 * The claim store: the repositories of adapters/claims/ over one table and one audited-write
 * core, behind the methods the handlers have always called. Every change to a claim goes
 * through AuditedWrites (adapters/claims/audited-writes.ts): a conditional write on (status,
 * version, history head) with its hash-chained entry in the same transaction. The repositories
 * are also reachable by name for code that needs only one of them.
 */
export class ClaimStore {
  readonly cases: CaseRepository;
  readonly queries: CaseQueries;
  readonly history: HistoryRepository;
  readonly documentStore: DocumentRepository;
  readonly bills: BillGuard;
  readonly adjudications: AdjudicationRepository;
  readonly payouts: PayoutRepository;
  readonly citizens: CitizenRecords;
  readonly submissions: Submissions;
  /** Citizens' notifications not yet taken by the channel (adapters/claims/notification-outbox.ts). */
  readonly notificationOutbox: NotificationOutbox;
  /** Who of the staff read a case, and when (adapters/claims/case-reads.ts). */
  readonly caseReads: CaseReadLog;
  /** Who may file for a citizen (adapters/claims/delegations.ts). */
  readonly delegations: Delegations;
  /** A claim's case, documents and adjudications in one read (adapters/claims/claim-folder.ts). */
  readonly readFolder: (claimId: string, read?: FolderRead) => Promise<ClaimFolder>;
  /**
   * The case a step is about to change from one of `forChangeFrom`: as this store last wrote it
   * if that is still one of them (no request), else read (adapters/claims/folder-memory.ts).
   */
  readonly caseForChange: (claimId: string, forChangeFrom: ReadonlySet<string>) => Promise<ClaimCase>;
  /** The claim's page in one request: the case, its latest adjudication and its payout. */
  readonly caseView: (claimId: string) => Promise<CaseView | undefined>;

  constructor(
    db: DynamoDBDocumentClient,
    readonly tableName: string,
    now: () => Date = () => new Date(),
  ) {
    const core = new AuditedWrites(db, tableName);
    this.readFolder = (claimId, read) => readClaimFolder(db, tableName, claimId, core, read);
    this.caseForChange = async (claimId, forChangeFrom) =>
      core.folders.take(claimId, forChangeFrom)?.claim ?? this.cases.get(claimId);
    this.cases = new CaseRepository(core, now);
    this.queries = new CaseQueries(db, tableName);
    this.history = new HistoryRepository(core, db, tableName);
    this.documentStore = new DocumentRepository(core, db, tableName, now);
    this.bills = new BillGuard(db, tableName, now);
    this.adjudications = new AdjudicationRepository(core, db, tableName, now);
    this.caseView = (claimId) =>
      readCaseView(db, tableName, claimId, (id) => this.adjudications.latestAdjudication(id));
    this.payouts = new PayoutRepository(core, db, tableName, now);
    this.citizens = new CitizenRecords(core, db, tableName);
    this.submissions = new Submissions(db, tableName, now);
    this.caseReads = new CaseReadLog(db, tableName);
    this.notificationOutbox = new NotificationOutbox(db, tableName);
    this.delegations = new Delegations(db, tableName);
  }

  // The case
  get create() {
    return this.cases.create.bind(this.cases);
  }
  get get() {
    return this.cases.get.bind(this.cases);
  }
  get find() {
    return this.cases.find.bind(this.cases);
  }
  get transition() {
    return this.cases.transition.bind(this.cases);
  }
  get update() {
    return this.cases.update.bind(this.cases);
  }
  get auditTrail() {
    return this.history.auditTrail.bind(this.history);
  }
  get allClaimIds() {
    return this.history.allClaimIds.bind(this.history);
  }
  // Lists of cases
  get regionClaimsSince() {
    return this.queries.regionClaimsSince.bind(this.queries);
  }
  get queuePage() {
    return this.queries.queuePage.bind(this.queries);
  }
  get escalatedInQueue() {
    return this.queries.escalatedInQueue.bind(this.queries);
  }
  get queue() {
    return this.queries.queue.bind(this.queries);
  }
  get claimsOf() {
    return this.queries.claimsOf.bind(this.queries);
  }
  get scanClaimsInStatus() {
    return this.queries.scanClaimsInStatus.bind(this.queries);
  }
  // Documents and the visit inbox
  get putEBill() {
    return this.documentStore.putEBill.bind(this.documentStore);
  }
  get storeDocument() {
    return this.documentStore.store.bind(this.documentStore);
  }
  get putDocument() {
    return this.documentStore.putDocument.bind(this.documentStore);
  }
  get getDocument() {
    return this.documentStore.getDocument.bind(this.documentStore);
  }
  get documents() {
    return this.documentStore.documents.bind(this.documentStore);
  }
  get eBills() {
    return this.documentStore.eBills.bind(this.documentStore);
  }
  get putVisitEBill() {
    return this.documentStore.putVisitEBill.bind(this.documentStore);
  }
  get putNewVisitEBill() {
    return this.documentStore.putNewVisitEBill.bind(this.documentStore);
  }
  get putNewVisitEBillUnlessAwaited() {
    return this.documentStore.putNewVisitEBillUnlessAwaited.bind(this.documentStore);
  }
  get awaitOnVisitItem() {
    return this.documentStore.awaitOnVisitItem.bind(this.documentStore);
  }
  get visitEBill() {
    return this.documentStore.visitEBill.bind(this.documentStore);
  }
  get visitEBills() {
    return this.documentStore.visitEBills.bind(this.documentStore);
  }
  get claimsForVisit() {
    return this.documentStore.claimsForVisit.bind(this.documentStore);
  }
  // Bills: reimbursed once, ever
  get releaseBill() {
    return this.bills.releaseBill.bind(this.bills);
  }
  get recordBillFlag() {
    return this.bills.recordBillFlag.bind(this.bills);
  }
  get billStates() {
    return this.bills.billStates.bind(this.bills);
  }
  get guardItem() {
    return this.bills.guardItem.bind(this.bills);
  }
  get documentsInTransaction() {
    return this.documentStore.inTransaction.bind(this.documentStore);
  }
  // Adjudications
  get appendAdjudication() {
    return this.adjudications.appendAdjudication.bind(this.adjudications);
  }
  get adjudicationWrite() {
    return this.adjudications.adjudicationWrite.bind(this.adjudications);
  }
  get adjudication() {
    return this.adjudications.adjudication.bind(this.adjudications);
  }
  get latestAdjudication() {
    return this.adjudications.latestAdjudication.bind(this.adjudications);
  }
  // Money
  get accumulator() {
    return this.payouts.accumulator.bind(this.payouts);
  }
  get payout() {
    return this.payouts.payout.bind(this.payouts);
  }
  get payoutAndAccumulator() {
    return this.payouts.payoutAndAccumulator.bind(this.payouts);
  }
  get recordPayout() {
    return this.payouts.recordPayout.bind(this.payouts);
  }
  get bankReferenceWrite() {
    return this.payouts.bankReferenceWrite.bind(this.payouts);
  }
  get setBankReference() {
    return this.payouts.setBankReference.bind(this.payouts);
  }
  // Ratings and notifications
  get recordRating() {
    return this.citizens.recordRating.bind(this.citizens);
  }
  get rating() {
    return this.citizens.rating.bind(this.citizens);
  }
  get ratingsOf() {
    return this.citizens.ratingsOf.bind(this.citizens);
  }
  get notificationItem() {
    return this.citizens.notificationItem.bind(this.citizens);
  }
  get putNotification() {
    return this.citizens.putNotification.bind(this.citizens);
  }
  get takeQuota() {
    return this.citizens.takeQuota.bind(this.citizens);
  }
  get notificationsOf() {
    return this.citizens.notificationsOf.bind(this.citizens);
  }
}
