import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AdjudicationResult } from '../../domain/adjudication';
import { SYSTEM_ACTOR, type AuditActor } from '../../domain/audit-chain';
import type { StoreAccess } from './access';
import type { AuditedWrites, EntryFacts } from './audited-writes';
import { ClaimConflictError, keys, stripKeys } from './keys';

export interface StoredAdjudication {
  seq: number;
  result: AdjudicationResult;
  /** The accumulator version the result was computed against. */
  accumulatorVersion: number;
  createdAt: string;
}

export const ADJUDICATION_ACCESS = {
  /** adjudication, latestAdjudication */
  read: { items: [{ actions: ['GetItem', 'Query'], keys: ['CLAIM#'] }] },
  /** appendAdjudication: the latest, then the next ADJ#, the case's head and the entry. */
  append: { items: [{ actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], keys: ['CLAIM#'] }] },
} as const satisfies Record<string, StoreAccess>;

/** A claim's adjudication results (`CLAIM#<id>` / `ADJ#<n>`), newest last; clerk adjustments add one. */
export class AdjudicationRepository {
  constructor(
    private readonly core: AuditedWrites,
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

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
    const before = await this.latestAdjudication(claimId);
    const { stored, put, latest, entry } = this.adjudicationWrite(
      claimId,
      result,
      accumulatorVersion,
      (before?.seq ?? 0) + 1,
      actor,
    );
    await this.core.writeBeside(claimId, {
      write: put,
      also: [latest],
      entry,
      done: undefined,
      refused: () => {
        throw new ClaimConflictError(`claim ${claimId}: adjudication ${stored.seq} was appended meanwhile`);
      },
      noHistory: async () => {
        await this.db.send(new PutCommand(put.Put));
        await this.db.send(new PutCommand(latest.Put));
      },
    });
    return stored;
  }

  /**
   * The ADJ# `seq` as an item of a transaction (Adjudicate writes it with the case's move), the
   * copy of it as the claim's latest (`latest`, in the same transaction) and its history entry.
   * Written once: a writer that appended the same seq first cancels the transaction, copy and all.
   */
  adjudicationWrite(
    claimId: string,
    result: AdjudicationResult,
    accumulatorVersion: number,
    seq: number,
    actor?: AuditActor,
  ): {
    stored: StoredAdjudication;
    put: { Put: PutCommandInput };
    latest: { Put: PutCommandInput };
    entry: EntryFacts;
  } {
    const stored: StoredAdjudication = {
      seq,
      result,
      accumulatorVersion,
      createdAt: this.now().toISOString(),
    };
    return {
      stored,
      put: {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.adjudication(claimId, seq), ...stored },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      latest: {
        Put: { TableName: this.tableName, Item: { ...keys.latestAdjudication(claimId), ...stored } },
      },
      entry: {
        at: stored.createdAt,
        actor: actor ?? SYSTEM_ACTOR,
        action: 'adjudication.appended',
        after: {
          adjudicationSeq: seq,
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
    };
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
}
