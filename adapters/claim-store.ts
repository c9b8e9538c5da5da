import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AdjudicationResult } from '../domain/adjudication';
import { billKeyOf } from '../domain/bill-key';
import type { ClaimCase } from '../domain/claim';
import { QUEUE_STATUSES, type ClaimStatus } from '../domain/claim-status';
import type { SignedEBill } from '../domain/ebill';
import type { CareType } from '../domain/schema-primitives';
import type { YearToDateTotals } from '../domain/claim-adjudication';
import {
  INSURED_INDEX,
  QUEUE_INDEX,
  insuredPartitionKey,
  queuePartitionKey,
} from './dynamodb/table-definition';

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
  payout: (claimId: string) => ({ PK: `PAYOUT#${claimId}`, SK: 'PAYOUT' }),
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
}

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

type Changes = Partial<Omit<ClaimCase, 'claimId' | 'version' | 'status' | 'createdAt'>>;

/** The optional parts of a case a step may clear. */
export type RemovableField = 'reasons' | 'failure' | 'taskToken' | 'queuedAt' | 'escalatedAt' | 'decision';

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

  async create(claim: ClaimCase): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.claim(claim.claimId), ...this.indexAttributes(claim), ...claim },
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
    return Item ? stripKeys<ClaimCase>(Item) : undefined;
  }

  /**
   * Moves a case from the status and version it was read at to `to`, with changes.
   * Fails with ClaimConflictError if anyone moved it meanwhile.
   */
  async transition(
    claim: ClaimCase,
    to: ClaimStatus,
    changes: Changes = {},
    remove: RemovableField[] = [],
  ): Promise<ClaimCase> {
    // The queue's clock starts when a case enters it and stops when it leaves.
    const dropped = new Set<string>(QUEUE_STATUSES.has(to) ? remove : [...remove, 'queuedAt']);
    const merged = {
      ...claim,
      ...changes,
      status: to,
      version: claim.version + 1,
      updatedAt: this.now().toISOString(),
    };
    const next = Object.fromEntries(
      Object.entries(merged).filter(([k]) => !dropped.has(k)),
    ) as unknown as ClaimCase;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.claim(claim.claimId), ...this.indexAttributes(next), ...next },
          ConditionExpression: '#status = :status AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':status': claim.status, ':version': claim.version },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ClaimConflictError(
          `claim ${claim.claimId} is no longer ${claim.status} v${claim.version}; not moved to ${to}`,
        );
      }
      throw error;
    }
    return next;
  }

  /** GSI attributes: the region's queue while a clerk must act, the insured's list always. */
  private indexAttributes(claim: ClaimCase): Record<string, string> {
    const attributes: Record<string, string> = {
      [INSURED_INDEX.partitionKey]: insuredPartitionKey(claim.insured.idNumberHash),
      [INSURED_INDEX.sortKey]: `${claim.createdAt}#${claim.claimId}`,
    };
    if (QUEUE_STATUSES.has(claim.status)) {
      attributes[QUEUE_INDEX.partitionKey] = queuePartitionKey(claim.insured.homeRegion, claim.status);
      attributes[QUEUE_INDEX.sortKey] = `${claim.queuedAt ?? claim.updatedAt}#${claim.claimId}`;
    }
    return attributes;
  }

  /** A region's queue in one status, oldest first. */
  async queue(regionCode: string, status: ClaimStatus, limit = 100): Promise<ClaimCase[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: QUEUE_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': QUEUE_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': queuePartitionKey(regionCode, status) },
        Limit: limit,
      }),
    );
    return Items.map((i) => stripKeys<ClaimCase>(i));
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

  /** Stores a fetched or pushed e-bill with the claim. Idempotent: the same bill overwrites itself. */
  async putEBill(claimId: string, bill: SignedEBill): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.document(claimId, 'EBILL', billKeyOf(bill)), bill },
      }),
    );
  }

  /** Any other document of a claim (a receipt, a verification outcome), by kind and id. */
  async putDocument(claimId: string, kind: string, id: string, body: Record<string, unknown>): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.document(claimId, kind, id), ...body } }),
    );
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

  private async queryPrefix(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
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

  async appendAdjudication(
    claimId: string,
    result: AdjudicationResult,
    accumulatorVersion: number,
  ): Promise<StoredAdjudication> {
    const latest = await this.latestAdjudication(claimId);
    const stored: StoredAdjudication = {
      seq: (latest?.seq ?? 0) + 1,
      result,
      accumulatorVersion,
      createdAt: this.now().toISOString(),
    };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.adjudication(claimId, stored.seq), ...stored },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return stored;
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

  async payout(claimId: string): Promise<PayoutRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.payout(claimId), ConsistentRead: true }),
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
  }): Promise<PayoutOutcome> {
    const { claim, payout, accumulator } = input;
    const careType = payout.careType;
    const nextAccumulator: Accumulator = {
      version: accumulator.version + 1,
      admissions: accumulator.admissions + (careType === 'inpatient' ? 1 : 0),
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
    const reservedClaim: ClaimCase = {
      ...claim,
      version: claim.version + 1,
      updatedAt: this.now().toISOString(),
      benefitFen: payout.amountFen,
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.payout(claim.claimId), ...payout },
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
                Item: {
                  ...keys.claim(claim.claimId),
                  ...this.indexAttributes(reservedClaim),
                  ...reservedClaim,
                },
                ConditionExpression: '#status = :status AND #version = :version',
                ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
                ExpressionAttributeValues: { ':status': claim.status, ':version': claim.version },
              },
            },
          ],
        }),
      );
      return { kind: 'recorded', payout, claim: reservedClaim };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [payoutReason, accumulatorReason] = error.CancellationReasons ?? [];
      if (payoutReason?.Code === 'ConditionalCheckFailed') {
        const existing = await this.payout(claim.claimId);
        if (existing) return { kind: 'already_paid', payout: existing };
      }
      if (accumulatorReason?.Code === 'ConditionalCheckFailed') return { kind: 'accumulator_changed' };
      if (error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
        return { kind: 'claim_changed' };
      throw error;
    }
  }

  async setBankReference(claimId: string, bankReference: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.payout(claimId),
        UpdateExpression: 'SET bankReference = :ref',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':ref': bankReference },
      }),
    );
  }
}

const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']);

function stripKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}
