import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AdjudicationResult } from '../domain/adjudication';
import {
  EMPTY_HEAD,
  SYSTEM_ACTOR,
  caseAction,
  caseChange,
  caseFacts,
  chainEntry,
  contentHash,
  documentFacts,
  type AuditActor,
  type AuditAction,
  type AuditEntry,
  type AuditHead,
  type AuditSummary,
  type ChainedAuditEntry,
} from '../domain/audit-chain';
import { billKeyOf } from '../domain/bill-key';
import type { ClaimCase } from '../domain/claim';
import { QUEUE_STATUSES, TERMINAL_STATUSES, type ClaimStatus } from '../domain/claim-status';
import type { SignedEBill } from '../domain/ebill';
import type { CareType } from '../domain/schema-primitives';
import type { YearToDateTotals } from '../domain/claim-adjudication';
import { queryAll, queryByPrefix } from './dynamodb/query-by-prefix';
import {
  INSURED_INDEX,
  QUEUE_INDEX,
  REGION_INDEX,
  insuredPartitionKey,
  queuePartitionKey,
  regionPartitionKey,
} from './dynamodb/table-definition';

/** A queue cursor that is not one queuePage gave for this queue. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursor';
}

const QueueCursorSchema = z.strictObject({
  PK: z.string().startsWith('CLAIM#'),
  SK: z.literal('CASE'),
  [QUEUE_INDEX.partitionKey]: z.string(),
  [QUEUE_INDEX.sortKey]: z.string(),
});

/** The DynamoDB key a cursor stands for, checked to belong to the queue asked for. */
function queueCursorKey(cursor: string, regionCode: string, status: ClaimStatus): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('is not a cursor this queue gave');
  }
  const key = QueueCursorSchema.safeParse(parsed);
  if (!key.success || key.data[QUEUE_INDEX.partitionKey] !== queuePartitionKey(regionCode, status)) {
    throw new InvalidCursorError('is not a cursor this queue gave');
  }
  return key.data;
}

/** Thrown when a conditional status change finds the case elsewhere than expected. */
export class ClaimConflictError extends Error {
  override readonly name = 'ClaimConflict';
}

export class ClaimNotFoundError extends Error {
  override readonly name = 'ClaimNotFound';
}

/** Keys of DESIGN §4, in one place. */
export const keys = {
  claim: (claimId: string) => ({ PK: `CLAIM#${claimId}`, SK: 'CASE' }),
  document: (claimId: string, kind: string, id: string) => ({
    PK: `CLAIM#${claimId}`,
    SK: `DOC#${kind}#${id}`,
  }),
  adjudication: (claimId: string, n: number) => ({
    PK: `CLAIM#${claimId}`,
    SK: `ADJ#${String(n).padStart(4, '0')}`,
  }),
  billGuard: (billKey: string) => ({ PK: `BILL#${billKey}`, SK: 'CLAIM' }),
  billFlag: (billKey: string, kind: BillFlag) => ({ PK: `BILL#${billKey}`, SK: `FLAG#${kind}` }),
  /** The e-bill inbox of one hospital visit: bills pushed or fetched, and the claims for it. */
  visit: (hospitalCode: string, visitNo: string) => `VISIT#${hospitalCode}#${visitNo}`,
  accumulator: (insuredId: string, year: number) => ({ PK: `INSURED#${insuredId}`, SK: `ACC#${year}` }),
  /** A claim's payout; an appeal's difference is a payout of its own beside it. */
  payout: (claimId: string, appealNo?: number) => ({
    PK: `PAYOUT#${claimId}`,
    SK: appealNo === undefined ? 'PAYOUT' : `PAYOUT#APPEAL#${String(appealNo).padStart(3, '0')}`,
  }),
  /** The case history: one hash-chained entry per change (domain/audit-chain.ts). */
  audit: (claimId: string, seq: number) => ({
    PK: `CLAIM#${claimId}`,
    SK: `AUDIT#${String(seq).padStart(6, '0')}`,
  }),
  /** A citizen's rating of a closed claim, kept under its home region for the region's clerks. */
  rating: (region: string, claimId: string) => ({ PK: `RATINGS#${region}`, SK: `CLAIM#${claimId}` }),
  /** A notification to a citizen, newest last. */
  notification: (idNumberHash: string, at: string, claimId: string, status: string) => ({
    PK: `INSURED#${idNumberHash}`,
    SK: `NOTIFY#${at}#${claimId}#${status}`,
  }),
};

export type BillFlag = 'VOIDED' | 'REVERSED' | 'CONFLICT';

/** What the fund has paid an insured person in a year, per care type; versioned for optimistic locking. */
export interface Accumulator extends YearToDateTotals {
  version: number;
}

export interface PayoutRecord {
  claimId: string;
  amountFen: number;
  bankAccount: string;
  accountName: string;
  insuredId: string;
  year: number;
  careType: CareType;
  adjudicationSeq: number;
  createdAt: string;
  /** The bank's reference once the transfer is instructed; absent until then. */
  bankReference?: string;
  /** Set on the payout of an appeal's difference: which appeal. */
  appealNo?: number;
  /** What this payout added to the year's deductible met (negative when an appeal lowered it). */
  deductibleAppliedFen?: number;
}

/** The bank's idempotency key of a payout: the claim id, or the claim id and the appeal. */
export const transferKeyOf = (payout: Pick<PayoutRecord, 'claimId' | 'appealNo'>): string =>
  payout.appealNo === undefined ? payout.claimId : `${payout.claimId}-appeal-${payout.appealNo}`;

export interface StoredAdjudication {
  seq: number;
  result: AdjudicationResult;
  /** The accumulator version the result was computed against. */
  accumulatorVersion: number;
  createdAt: string;
}

export type PayoutOutcome =
  | { kind: 'recorded'; payout: PayoutRecord; claim: ClaimCase }
  | { kind: 'already_paid'; payout: PayoutRecord }
  | { kind: 'accumulator_changed' }
  | { kind: 'claim_changed' };

/** A case as stored: with the head of its history (domain/audit-chain.ts). */
type CaseWithHead = ClaimCase & Partial<AuditHead>;

/** Who made a change, and what to call it if not the default for the change. */
export interface AuditOptions {
  actor?: AuditActor;
  action?: AuditAction;
}

/** A claim's history as stored: the entries in order and the head on its case. */
export interface AuditTrail {
  claimId: string;
  /** Undefined when the case item does not exist. */
  head: Partial<AuditHead> | undefined;
  entries: ChainedAuditEntry[];
}

/** A citizen's rating of a closed claim (好差评). */
export interface StoredRating {
  claimId: string;
  region: string;
  score: number;
  comment?: string;
  at: string;
}

/** A notification record for a citizen. */
export interface StoredNotification {
  claimId: string;
  recipient: string;
  status: ClaimStatus;
  at: string;
  zh: string;
  en: string;
}

/** What a refused write's handler answers when the write should simply be tried again. */
const TRY_AGAIN = Symbol('try again');

/** Writers racing to append to one claim's history retry this often before giving up. */
const MAX_AUDIT_ATTEMPTS = 25;
/** How many claims' history heads a store keeps in memory. */
const MAX_KNOWN_HEADS = 10_000;

/** The head of a case's history as the case was read (a case written before the history began has none). */
function headOf(claim: ClaimCase): AuditHead {
  const { auditSeq, auditHead } = claim as CaseWithHead;
  return typeof auditSeq === 'number' && typeof auditHead === 'string' ? { auditSeq, auditHead } : EMPTY_HEAD;
}

/** The case as it was read: same status, same version, same history head. */
function caseCondition(claim: ClaimCase, head: AuditHead) {
  return {
    ConditionExpression:
      '#status = :status AND #version = :version AND ' +
      (head.auditSeq === 0 ? 'attribute_not_exists(#auditSeq)' : '#auditSeq = :auditSeq'),
    ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#auditSeq': 'auditSeq' },
    ExpressionAttributeValues: {
      ':status': claim.status,
      ':version': claim.version,
      ...(head.auditSeq === 0 ? {} : { ':auditSeq': head.auditSeq }),
    },
  };
}

type Changes = Partial<Omit<ClaimCase, 'claimId' | 'version' | 'status' | 'createdAt'>>;

/** The optional parts of a case a step may clear. */
export type RemovableField =
  | 'reasons'
  | 'failure'
  | 'taskToken'
  | 'queuedAt'
  | 'escalatedAt'
  | 'decision'
  | 'assignee'
  | 'pendingCheck'
  | 'adjustments'
  | 'infoRequest';

const EMPTY_BY_CARE_TYPE = (): Record<CareType, number> => ({ inpatient: 0, outpatient: 0 });

/**
 * The claim case state in the single DynamoDB table. Every status change is a conditional
 * write on (status, version), so two workers can never both move a case; the duplicate-bill
 * guard is one conditional put; a payout is one transaction with the accumulator and the case.
 */
export class ClaimStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Stores a new case with the first entry of its history (claim.submitted), in one
   * transaction. The actor defaults to the citizen the claim is for: a citizen files only for
   * themselves (functions/shared/auth.ts), and the history knows them by their ID-number hash.
   */
  async create(claim: ClaimCase, actor?: AuditActor): Promise<void> {
    const { entry, head } = chainEntry(EMPTY_HEAD, {
      claimId: claim.claimId,
      at: claim.createdAt,
      actor: actor ?? { role: 'citizen', sub: claim.insured.idNumberHash },
      action: 'claim.submitted',
      after: {
        ...caseFacts(claim),
        hospitalCode: claim.hospitalCode,
        homeRegion: claim.insured.homeRegion,
        careType: claim.visit.careType,
        receiptIds: claim.receiptIds,
      },
    });
    const stored: CaseWithHead = { ...claim, ...head };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.claim(claim.claimId), ...this.indexAttributes(claim), ...stored },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            // Lets a pushed e-bill find the claims waiting for its visit.
            Put: {
              TableName: this.tableName,
              Item: {
                PK: keys.visit(claim.hospitalCode, claim.visit.visitNo),
                SK: `CLAIM#${claim.claimId}`,
                claimId: claim.claimId,
              },
            },
          },
          this.auditPut(entry),
        ],
      }),
    );
  }

  async get(claimId: string): Promise<ClaimCase> {
    const found = await this.find(claimId);
    if (!found) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
    return found;
  }

  async find(claimId: string): Promise<ClaimCase | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.claim(claimId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const found = stripKeys<ClaimCase>(Item);
    if (typeof Item.auditSeq === 'number') this.remember(claimId, headOf(found));
    return found;
  }

  /**
   * Moves a case from the status and version it was read at to `to`, with changes, and appends
   * the change to its history in the same transaction. Fails with ClaimConflictError if anyone
   * moved it meanwhile. When only the history moved on (a document was stored since the case
   * was read), the entry is chained after the new head and the write tried again: status and
   * version are what the caller's read promised, the history is the store's business.
   */
  async transition(
    claim: ClaimCase,
    to: ClaimStatus,
    changes: Changes = {},
    remove: RemovableField[] = [],
    audit: AuditOptions = {},
  ): Promise<ClaimCase> {
    // The queue's clock starts when a case enters it and stops when it leaves.
    const dropped = new Set<string>(QUEUE_STATUSES.has(to) ? remove : [...remove, 'queuedAt']);
    const at = this.now().toISOString();
    const merged = { ...claim, ...changes, status: to, version: claim.version + 1, updatedAt: at };
    // When the case was first decided: the appeal window counts from here, not from later edits.
    if (TERMINAL_STATUSES.has(to) && !TERMINAL_STATUSES.has(claim.status) && claim.decidedAt === undefined) {
      merged.decidedAt = at;
    }
    const next = Object.fromEntries(
      Object.entries(merged).filter(([k]) => !dropped.has(k)),
    ) as unknown as ClaimCase;
    const { before, after } = caseChange(claim, next);
    return this.serialized(claim.claimId, async () => {
      let head = this.startHead(claim);
      for (let attempt = 1; ; attempt++) {
        const chained = chainEntry(head, {
          claimId: claim.claimId,
          at,
          actor: audit.actor ?? SYSTEM_ACTOR,
          action: audit.action ?? caseAction(claim, next),
          before,
          after,
        });
        const stored: CaseWithHead = { ...next, ...chained.head };
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: { ...keys.claim(claim.claimId), ...this.indexAttributes(stored), ...stored },
                    ...caseCondition(claim, head),
                  },
                },
                this.auditPut(chained.entry),
              ],
            }),
          );
          this.remember(claim.claimId, chained.head);
          return stored;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const current = await this.findWithHead(claim.claimId);
          if (!current || current.status !== claim.status || current.version !== claim.version) {
            throw new ClaimConflictError(
              `claim ${claim.claimId} is no longer ${claim.status} v${claim.version}; not moved to ${to}`,
            );
          }
          if (attempt >= MAX_AUDIT_ATTEMPTS) throw error;
          head = headOf(current);
        }
      }
    });
  }

  /** GSI attributes: the region's queue while a clerk must act, the insured's list always. */
  private indexAttributes(claim: ClaimCase): Record<string, string> {
    const attributes: Record<string, string> = {
      [INSURED_INDEX.partitionKey]: insuredPartitionKey(claim.insured.idNumberHash),
      [INSURED_INDEX.sortKey]: `${claim.createdAt}#${claim.claimId}`,
      [REGION_INDEX.partitionKey]: regionPartitionKey(claim.insured.homeRegion),
      [REGION_INDEX.sortKey]: `${claim.createdAt}#${claim.claimId}`,
    };
    if (QUEUE_STATUSES.has(claim.status)) {
      attributes[QUEUE_INDEX.partitionKey] = queuePartitionKey(claim.insured.homeRegion, claim.status);
      attributes[QUEUE_INDEX.sortKey] = `${claim.queuedAt ?? claim.updatedAt}#${claim.claimId}`;
    }
    return attributes;
  }

  /** A region's claims submitted at or after `since` (ISO), oldest first, every page of them. */
  async regionClaimsSince(regionCode: string, since: string): Promise<ClaimCase[]> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: REGION_INDEX.name,
        KeyConditionExpression: '#pk = :pk AND #sk >= :since',
        ExpressionAttributeNames: { '#pk': REGION_INDEX.partitionKey, '#sk': REGION_INDEX.sortKey },
        ExpressionAttributeValues: { ':pk': regionPartitionKey(regionCode), ':since': since },
      },
      500,
    );
    return items.map((i) => stripKeys<ClaimCase>(i));
  }

  /** A region's queue in one status, oldest first. */
  /**
   * One page of a region's queue, oldest first. `after` is the `next` of the page before: an
   * opaque cursor (DynamoDB's LastEvaluatedKey, base64url JSON) that only this method reads.
   */
  async queuePage(
    regionCode: string,
    status: ClaimStatus,
    page: { limit: number; after?: string },
  ): Promise<{ claims: ClaimCase[]; next?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: QUEUE_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': QUEUE_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': queuePartitionKey(regionCode, status) },
        Limit: page.limit,
        ...(page.after !== undefined && {
          ExclusiveStartKey: queueCursorKey(page.after, regionCode, status),
        }),
      }),
    );
    return {
      claims: Items.map((i) => stripKeys<ClaimCase>(i)),
      ...(LastEvaluatedKey && { next: Buffer.from(JSON.stringify(LastEvaluatedKey)).toString('base64url') }),
    };
  }

  /** Every case of a region's queue that was escalated past its SLA, oldest first, all pages. */
  async escalatedInQueue(regionCode: string, status: ClaimStatus): Promise<ClaimCase[]> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: QUEUE_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'attribute_exists(escalatedAt)',
        ExpressionAttributeNames: { '#pk': QUEUE_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': queuePartitionKey(regionCode, status) },
      },
      500,
    );
    return items.map((i) => stripKeys<ClaimCase>(i));
  }

  /** The first `limit` cases of a region's queue, oldest first. */
  async queue(regionCode: string, status: ClaimStatus, limit = 100): Promise<ClaimCase[]> {
    return (await this.queuePage(regionCode, status, { limit })).claims;
  }

  /** An insured person's claims, newest first. */
  async claimsOf(idNumberHash: string, limit = 50): Promise<ClaimCase[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INSURED_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INSURED_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': insuredPartitionKey(idNumberHash) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => stripKeys<ClaimCase>(i));
  }

  /**
   * Cases in a status, by scanning the table: for the local runtime's start-up sweep (a claim
   * stored but never started because the process died in between). On AWS a sweeper would use
   * an index rather than a scan; locally the table is small and this runs once per start.
   */
  async scanClaimsInStatus(status: ClaimStatus): Promise<ClaimCase[]> {
    const found: ClaimCase[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'SK = :case AND #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':case': 'CASE', ':status': status },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      found.push(...(page.Items ?? []).map((i) => stripKeys<ClaimCase>(i)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  // ── documents ────────────────────────────────────────────────────────────────────────

  /**
   * Stores a fetched or pushed e-bill with the claim, and its arrival in the claim's history.
   * Idempotent: the same bill again changes nothing (and adds no entry).
   */
  async putEBill(claimId: string, bill: SignedEBill, actor?: AuditActor): Promise<void> {
    const billKey = billKeyOf(bill);
    const hash = contentHash(bill);
    await this.storeDocument(claimId, { ...keys.document(claimId, 'EBILL', billKey), bill }, hash, actor, {
      documentId: `EBILL#${billKey}`,
      contentHash: hash,
      billStatus: bill.status,
      totalAmtFen: bill.totalAmtFen,
    });
  }

  /**
   * Any other document of a claim (a receipt, a verification outcome, a notice), by kind and id,
   * with its storing in the claim's history. The same content again changes nothing.
   */
  async putDocument(
    claimId: string,
    kind: string,
    id: string,
    body: Record<string, unknown>,
    actor?: AuditActor,
  ): Promise<void> {
    const { contentHash: _previous, ...content } = body;
    const facts = documentFacts(kind, id, content);
    await this.storeDocument(
      claimId,
      { ...content, ...keys.document(claimId, kind, id) },
      String(facts.contentHash),
      actor,
      facts,
    );
  }

  /**
   * One document write and its history entry in one transaction: the document (unless the
   * same content is there already), the case's audit head (at the seq it was read) and the
   * entry (which must not exist yet). A claim that does not exist has no history to join: the
   * document is stored as before.
   */
  private async storeDocument(
    claimId: string,
    item: Record<string, unknown>,
    hash: string,
    actor: AuditActor | undefined,
    facts: AuditSummary,
  ): Promise<void> {
    const Item = { ...item, contentHash: hash };
    await this.writeWithEntry(claimId, {
      write: {
        Put: {
          TableName: this.tableName,
          Item,
          ConditionExpression:
            'attribute_not_exists(PK) OR attribute_not_exists(contentHash) OR contentHash <> :hash',
          ExpressionAttributeValues: { ':hash': hash },
        },
      },
      entry: {
        at: this.now().toISOString(),
        actor: actor ?? SYSTEM_ACTOR,
        action: 'document.stored',
        after: facts,
      },
      done: undefined,
      // The same content is stored already: nothing happened, so nothing to record.
      refused: async () => undefined,
      noHistory: async () => {
        await this.db.send(new PutCommand({ TableName: this.tableName, Item }));
      },
    });
  }

  async getDocument<T>(claimId: string, kind: string, id: string): Promise<T | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.document(claimId, kind, id),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<T>(Item) : undefined;
  }

  async documents<T>(claimId: string, kind: string): Promise<T[]> {
    const items = await this.queryPrefix(`CLAIM#${claimId}`, `DOC#${kind}#`);
    return items.map((i) => stripKeys<T>(i));
  }

  async eBills(claimId: string): Promise<SignedEBill[]> {
    const items = await this.queryPrefix(`CLAIM#${claimId}`, 'DOC#EBILL#');
    return items.map((i) => i.bill as SignedEBill);
  }

  /** Keeps an e-bill pushed for a visit, whether or not a claim for it exists yet. */
  async putVisitEBill(bill: SignedEBill & { visitNo: string }): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: keys.visit(bill.hospital.code, bill.visitNo), SK: `EBILL#${billKeyOf(bill)}`, bill },
      }),
    );
  }

  async visitEBills(hospitalCode: string, visitNo: string): Promise<SignedEBill[]> {
    const items = await this.queryPrefix(keys.visit(hospitalCode, visitNo), 'EBILL#');
    return items.map((i) => i.bill as SignedEBill);
  }

  async claimsForVisit(hospitalCode: string, visitNo: string): Promise<string[]> {
    const items = await this.queryPrefix(keys.visit(hospitalCode, visitNo), 'CLAIM#');
    return items.map((i) => i.claimId as string);
  }

  private queryPrefix(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    return queryByPrefix(this.db, this.tableName, pk, skPrefix);
  }

  // ── bills: reimbursed once, ever ─────────────────────────────────────────────────────

  /**
   * Claims a bill for a claim with one conditional put. Re-claiming by the same claim is fine
   * (a retried step); another claim holding it is returned so the reason can name it.
   */
  async guardBill(billKey: string, claimId: string): Promise<{ ok: true } | { ok: false; heldBy: string }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.billGuard(billKey), claimId, at: this.now().toISOString() },
          ConditionExpression: 'attribute_not_exists(PK) OR claimId = :me',
          ExpressionAttributeValues: { ':me': claimId },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { ok: false, heldBy: String(error.Item?.claimId?.S ?? 'another claim') };
      }
      throw error;
    }
  }

  /** Lets a bill go again when the claim holding it is rejected for another reason. */
  async releaseBill(billKey: string, claimId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.billGuard(billKey),
          ConditionExpression: 'claimId = :me',
          ExpressionAttributeValues: { ':me': claimId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Records what a hospital told us about a bill after issuing it: voided, reversed by a red
   * bill, or re-issued with different content (a conflict for a clerk). One flag per kind.
   */
  async recordBillFlag(billKey: string, kind: BillFlag, by?: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.billFlag(billKey, kind), kind, by, at: this.now().toISOString() },
      }),
    );
  }

  async billFlags(billKey: string): Promise<Set<BillFlag>> {
    const items = await this.queryPrefix(`BILL#${billKey}`, 'FLAG#');
    return new Set(items.map((i) => i.kind as BillFlag));
  }

  // ── adjudications ────────────────────────────────────────────────────────────────────

  /**
   * Appends the next ADJ# and its entry in the claim's history, in one transaction. Two
   * writers cannot both append the same ADJ#: the loser gets ClaimConflictError.
   */
  async appendAdjudication(
    claimId: string,
    result: AdjudicationResult,
    accumulatorVersion: number,
    actor?: AuditActor,
  ): Promise<StoredAdjudication> {
    const latest = await this.latestAdjudication(claimId);
    const stored: StoredAdjudication = {
      seq: (latest?.seq ?? 0) + 1,
      result,
      accumulatorVersion,
      createdAt: this.now().toISOString(),
    };
    const put = {
      TableName: this.tableName,
      Item: { ...keys.adjudication(claimId, stored.seq), ...stored },
      ConditionExpression: 'attribute_not_exists(PK)',
    };
    await this.writeWithEntry(claimId, {
      write: { Put: put },
      entry: {
        at: stored.createdAt,
        actor: actor ?? SYSTEM_ACTOR,
        action: 'adjudication.appended',
        after: {
          adjudicationSeq: stored.seq,
          policyId: result.policyId,
          policyVersion: result.policyVersion,
          accumulatorVersion,
          submittedFen: result.submittedFen,
          eligibleFen: result.eligibleFen,
          deductibleFen: result.deductibleFen,
          benefitFen: result.benefitFen,
          patientPaysFen: result.patientPaysFen,
          lines: result.lines.length,
        },
      },
      done: undefined,
      refused: () => {
        throw new ClaimConflictError(`claim ${claimId}: adjudication ${stored.seq} was appended meanwhile`);
      },
      noHistory: async () => {
        await this.db.send(new PutCommand(put));
      },
    });
    return stored;
  }

  async adjudication(claimId: string, seq: number): Promise<StoredAdjudication | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.adjudication(claimId, seq),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<StoredAdjudication>(Item) : undefined;
  }

  async latestAdjudication(claimId: string): Promise<StoredAdjudication | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':prefix': 'ADJ#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = Items[0];
    return item ? stripKeys<StoredAdjudication>(item) : undefined;
  }

  // ── money ────────────────────────────────────────────────────────────────────────────

  async accumulator(insuredId: string, year: number): Promise<Accumulator> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.accumulator(insuredId, year),
        ConsistentRead: true,
      }),
    );
    if (!Item) {
      return {
        version: 0,
        fundPaidFen: EMPTY_BY_CARE_TYPE(),
        deductibleMetFen: EMPTY_BY_CARE_TYPE(),
        admissions: 0,
      };
    }
    return {
      version: Item.version as number,
      fundPaidFen: Item.fundPaidFen as Record<CareType, number>,
      deductibleMetFen: Item.deductibleMetFen as Record<CareType, number>,
      admissions: Item.admissions as number,
    };
  }

  async payout(claimId: string, appealNo?: number): Promise<PayoutRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.payout(claimId, appealNo),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<PayoutRecord>(Item) : undefined;
  }

  /**
   * Records a claim's payout: the payout record (written once), the insured's annual
   * accumulator (at the version the benefit was computed against) and the case (at the status
   * and version it was read), in one transaction. A retried or concurrent PayOut can therefore
   * record one payout only, and no two claims can both spend the same room under the annual
   * cap. The case moves to PAID only after the bank took the instruction.
   */
  async recordPayout(input: {
    claim: ClaimCase;
    payout: PayoutRecord;
    accumulator: Accumulator;
    deductibleAppliedFen: number;
    actor?: AuditActor;
    /** An appeal's difference: the claim's benefit becomes this total, and no stay is counted again. */
    appeal?: { benefitTotalFen: number; changes: Partial<ClaimCase> };
  }): Promise<PayoutOutcome> {
    const { claim, payout, accumulator, appeal } = input;
    const careType = payout.careType;
    const nextAccumulator: Accumulator = {
      version: accumulator.version + 1,
      admissions: accumulator.admissions + (careType === 'inpatient' && !appeal ? 1 : 0),
      fundPaidFen: {
        ...accumulator.fundPaidFen,
        [careType]: accumulator.fundPaidFen[careType] + payout.amountFen,
      },
      deductibleMetFen: {
        ...accumulator.deductibleMetFen,
        [careType]: accumulator.deductibleMetFen[careType] + input.deductibleAppliedFen,
      },
    };
    // The case keeps its status: it becomes PAID once the bank has the instruction (PayOut).
    const at = this.now().toISOString();
    const reservedClaim: ClaimCase = {
      ...claim,
      ...appeal?.changes,
      version: claim.version + 1,
      updatedAt: at,
      benefitFen: appeal ? appeal.benefitTotalFen : payout.amountFen,
    };
    const facts: AuditSummary = {
      amountFen: payout.amountFen,
      ...(payout.appealNo !== undefined && { appealNo: payout.appealNo }),
      adjudicationSeq: payout.adjudicationSeq,
      year: payout.year,
      careType: payout.careType,
      accumulatorVersion: nextAccumulator.version,
    };
    return this.serialized(claim.claimId, async () => {
      let head = this.startHead(claim);
      for (let attempt = 1; ; attempt++) {
        const chained = chainEntry(head, {
          claimId: claim.claimId,
          at,
          actor: input.actor ?? SYSTEM_ACTOR,
          action: 'payout.recorded',
          before: { status: claim.status, benefitFen: claim.benefitFen ?? null },
          after: facts,
        });
        const stored: CaseWithHead = { ...reservedClaim, ...chained.head };
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: {
                      ...keys.payout(claim.claimId, payout.appealNo),
                      ...payout,
                      deductibleAppliedFen: input.deductibleAppliedFen,
                    },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                {
                  Put: {
                    TableName: this.tableName,
                    Item: { ...keys.accumulator(payout.insuredId, payout.year), ...nextAccumulator },
                    ConditionExpression:
                      accumulator.version === 0 ? 'attribute_not_exists(PK)' : '#version = :version',
                    ...(accumulator.version === 0
                      ? {}
                      : {
                          ExpressionAttributeNames: { '#version': 'version' },
                          ExpressionAttributeValues: { ':version': accumulator.version },
                        }),
                  },
                },
                {
                  Put: {
                    TableName: this.tableName,
                    Item: { ...keys.claim(claim.claimId), ...this.indexAttributes(stored), ...stored },
                    ...caseCondition(claim, head),
                  },
                },
                this.auditPut(chained.entry),
              ],
            }),
          );
          this.remember(claim.claimId, chained.head);
          return { kind: 'recorded', payout, claim: stored };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const [payoutReason, accumulatorReason] = error.CancellationReasons ?? [];
          if (payoutReason?.Code === 'ConditionalCheckFailed') {
            const existing = await this.payout(claim.claimId, payout.appealNo);
            if (existing) return { kind: 'already_paid', payout: existing };
          }
          if (accumulatorReason?.Code === 'ConditionalCheckFailed') return { kind: 'accumulator_changed' };
          const current = await this.findWithHead(claim.claimId);
          if (!current || current.status !== claim.status || current.version !== claim.version) {
            return { kind: 'claim_changed' };
          }
          // Only the history moved on (a document was stored meanwhile): chain after it.
          if (attempt >= MAX_AUDIT_ATTEMPTS) return { kind: 'claim_changed' };
          head = headOf(current);
        }
      }
    });
  }

  /** Stores the bank's reference on the payout, and the instruction in the claim's history. */
  async setBankReference(
    claimId: string,
    bankReference: string,
    actor?: AuditActor,
    appealNo?: number,
  ): Promise<void> {
    const update = {
      TableName: this.tableName,
      Key: keys.payout(claimId, appealNo),
      UpdateExpression: 'SET bankReference = :ref',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':ref': bankReference },
    };
    await this.writeWithEntry(claimId, {
      write: { Update: update },
      entry: {
        at: this.now().toISOString(),
        actor: actor ?? SYSTEM_ACTOR,
        action: 'payout.instructed',
        after: { bankReference, ...(appealNo !== undefined && { appealNo }) },
      },
      done: undefined,
      refused: () => {
        throw new ConditionalCheckFailedException({
          message: `claim ${claimId} has no payout to set a bank reference on`,
          $metadata: {},
        });
      },
      noHistory: async () => {
        await this.db.send(new UpdateCommand(update));
      },
    });
  }

  // ── the case history ─────────────────────────────────────────────────────────────────

  /** Audited writes to one claim from this process run one at a time, so they do not race for the head. */
  private readonly queues = new Map<string, Promise<unknown>>();

  private serialized<T>(claimId: string, write: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(claimId) ?? Promise.resolve();
    const run = previous.then(write, write);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(claimId, settled);
    void settled.then(() => {
      if (this.queues.get(claimId) === settled) this.queues.delete(claimId);
    });
    return run;
  }

  /**
   * The last head of each claim's history this store saw (read or written), so a document write
   * need not read the case first. A stale one only costs a refused transaction and a re-read.
   */
  private readonly heads = new Map<string, AuditHead>();

  private remember(claimId: string, head: AuditHead): void {
    const known = this.heads.get(claimId);
    if (known && known.auditSeq > head.auditSeq) return;
    this.heads.delete(claimId);
    this.heads.set(claimId, head);
    if (this.heads.size > MAX_KNOWN_HEADS) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  /**
   * The head to chain a change of `claim` after: as the case was read, or the one this store
   * wrote since (a document stored after the caller read the case), whichever is further on.
   */
  private startHead(claim: ClaimCase): AuditHead {
    const read = headOf(claim);
    const known = this.heads.get(claim.claimId);
    return known && known.auditSeq > read.auditSeq ? known : read;
  }

  /** The head to chain after: the one known, or (fresh, or none known) the case's as read now. */
  private async knownHead(claimId: string, fresh: boolean): Promise<AuditHead | undefined> {
    const known = fresh ? undefined : this.heads.get(claimId);
    if (known) return known;
    const current = await this.findWithHead(claimId);
    return current && headOf(current);
  }

  private async findWithHead(claimId: string): Promise<CaseWithHead | undefined> {
    return (await this.find(claimId)) as CaseWithHead | undefined;
  }

  /**
   * One write beside a claim's case and its history entry, in one transaction: `write` (a
   * Put or Update of its own), the case's audit head moved from the seq it was read at, and the
   * entry (which must not exist yet). Another writer moving the head first cancels it: the head
   * is read again and the entry chained after it, up to MAX_AUDIT_ATTEMPTS times. When `write`'s
   * own condition fails, `refused` says what that means: an answer to return, or TRY_AGAIN.
   * A claim without history (no case item) gets `noHistory`.
   */
  private async writeWithEntry<T>(
    claimId: string,
    change: {
      write: { Put: Record<string, unknown> } | { Update: Record<string, unknown> };
      entry: Pick<AuditEntry, 'at' | 'actor' | 'action' | 'after'>;
      done: T;
      refused: () => Promise<T | typeof TRY_AGAIN>;
      noHistory: () => Promise<T>;
    },
  ): Promise<T> {
    return this.serialized(claimId, async () => {
      for (let attempt = 1; ; attempt++) {
        const head = await this.knownHead(claimId, attempt > 1);
        if (!head) return change.noHistory();
        const { entry, head: next } = chainEntry(head, { claimId, ...change.entry });
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                change.write as NonNullable<TransactWriteCommandInput['TransactItems']>[number],
                this.headUpdate(claimId, head, next),
                this.auditPut(entry),
              ],
            }),
          );
          this.remember(claimId, next);
          return change.done;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
            const answer = await change.refused();
            if (answer !== TRY_AGAIN) return answer;
          }
          if (attempt >= MAX_AUDIT_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Moves the case's head from `head` to `next`; fails if another writer moved it first. */
  private headUpdate(claimId: string, head: AuditHead, next: AuditHead) {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.claim(claimId),
        UpdateExpression: 'SET #auditSeq = :next, #auditHead = :hash',
        ConditionExpression:
          'attribute_exists(PK) AND ' +
          (head.auditSeq === 0 ? 'attribute_not_exists(#auditSeq)' : '#auditSeq = :seq'),
        ExpressionAttributeNames: { '#auditSeq': 'auditSeq', '#auditHead': 'auditHead' },
        ExpressionAttributeValues: {
          ':next': next.auditSeq,
          ':hash': next.auditHead,
          ...(head.auditSeq === 0 ? {} : { ':seq': head.auditSeq }),
        },
      },
    };
  }

  /** The entry, written once: two writers cannot both append the same seq. */
  private auditPut(entry: ChainedAuditEntry) {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.audit(entry.claimId, entry.seq), ...entry },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  /** A claim's history: every AUDIT# entry in seq order and the head on its case. */
  async auditTrail(claimId: string): Promise<AuditTrail> {
    const [found, items] = await Promise.all([
      this.findWithHead(claimId),
      this.queryPrefix(`CLAIM#${claimId}`, 'AUDIT#'),
    ]);
    return {
      claimId,
      head: found && { auditSeq: found.auditSeq, auditHead: found.auditHead },
      entries: items.map((i) => stripKeys<ChainedAuditEntry>(i)),
    };
  }

  /** Every claim id in the table, by scanning the case items (for `crossclaim audit verify --all`). */
  async allClaimIds(): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'SK = :case',
          ProjectionExpression: 'claimId',
          ExpressionAttributeValues: { ':case': 'CASE' },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      ids.push(...(page.Items ?? []).map((i) => String(i.claimId)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids.sort();
  }

  // ── ratings and notifications ────────────────────────────────────────────────────────

  /**
   * A citizen's rating of a closed claim, once per claim: the rating under the claim's region
   * (for its clerks), and its entry in the claim's history, in one transaction.
   */
  async recordRating(
    claim: ClaimCase,
    rating: StoredRating,
    actor: AuditActor,
  ): Promise<{ kind: 'recorded' } | { kind: 'already_rated'; rating: StoredRating }> {
    const put = {
      TableName: this.tableName,
      Item: { ...keys.rating(rating.region, claim.claimId), ...rating },
      ConditionExpression: 'attribute_not_exists(PK)',
    };
    type Outcome = { kind: 'recorded' } | { kind: 'already_rated'; rating: StoredRating };
    return this.writeWithEntry<Outcome>(claim.claimId, {
      write: { Put: put },
      entry: {
        at: rating.at,
        actor,
        action: 'rating.recorded',
        after: { score: rating.score, withComment: rating.comment !== undefined },
      },
      done: { kind: 'recorded' },
      refused: async () => {
        const existing = await this.rating(rating.region, claim.claimId);
        return existing ? { kind: 'already_rated', rating: existing } : TRY_AGAIN;
      },
      noHistory: () => Promise.reject(new ClaimNotFoundError(`claim ${claim.claimId} does not exist`)),
    });
  }

  async rating(region: string, claimId: string): Promise<StoredRating | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rating(region, claimId), ConsistentRead: true }),
    );
    return Item ? stripKeys<StoredRating>(Item) : undefined;
  }

  /** A region's ratings, newest first. */
  async ratingsOf(region: string): Promise<StoredRating[]> {
    const items = await this.queryPrefix(`RATINGS#${region}`, 'CLAIM#');
    return items.map((i) => stripKeys<StoredRating>(i)).sort((a, b) => b.at.localeCompare(a.at));
  }

  /** Keeps a notification for a citizen (their inbox); the notifier adapter delivers it. */
  async putNotification(notification: StoredNotification): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.notification(
            notification.recipient,
            notification.at,
            notification.claimId,
            notification.status,
          ),
          ...notification,
        },
      }),
    );
  }

  /** A citizen's notifications, newest first. */
  async notificationsOf(idNumberHash: string, limit = 50): Promise<StoredNotification[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `INSURED#${idNumberHash}`, ':prefix': 'NOTIFY#' },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => stripKeys<StoredNotification>(i));
  }
}

/** Keys, and the content hash a document carries for the history (not part of the document). */
const KEY_ATTRIBUTES = new Set([
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'contentHash',
]);

function stripKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}
