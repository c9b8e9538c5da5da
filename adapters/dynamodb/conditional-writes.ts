import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { GroupCommit, RETRY, type GroupCommitStats, type ItemOutcome } from './group-commit';

/** One Put, Update or Delete, with its condition if it has one: an item of a TransactWriteItems. */
export type ConditionalWrite = Pick<
  NonNullable<TransactWriteCommandInput['TransactItems']>[number],
  'Put' | 'Update' | 'Delete'
>;

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * Single-item writes, each with its own condition, group-committed (./group-commit.ts): while one
 * request is in flight, the writes asked for meanwhile queue, and they go together in one
 * TransactWriteItems (at most 100 items). A write alone goes as its plain PutItem, UpdateItem or
 * DeleteItem. Each caller learns whether its own condition held (`true`: written; `false`: its
 * condition failed, nothing written); when one item's condition cancels the transaction, the
 * CancellationReasons say which, that caller gets `false` and the others, not applied, go again
 * at once in the next request. An item refused for a reason of its own (too large, invalid) rejects
 * its caller alone (the batch is sent again item by item); a request that fails as a whole (the
 * store unreachable) rejects all of its callers.
 *
 * Unlike independent writes, a transaction is all or nothing, which costs nothing here: each
 * caller's write is still applied once or not at all, and answered only once it is durable.
 */
export class ConditionalWrites {
  private readonly commit: GroupCommit<ConditionalWrite, boolean>;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    options: { maxBatch?: number } = {},
  ) {
    this.commit = new GroupCommit({
      send: (batch) => {
        const [only, ...more] = batch;
        return only && more.length === 0 ? this.sendOne(only) : this.sendTogether(batch);
      },
      maxBatch: options.maxBatch ?? MAX_TRANSACTION_ITEMS,
      // A transaction may not touch one item twice.
      keyOf: itemKeyOf,
    });
  }

  /** True once written; false if its condition did not hold (and nothing was written). */
  write(write: ConditionalWrite): Promise<boolean> {
    return this.commit.submit(write);
  }

  settled(): Promise<void> {
    return this.commit.settled();
  }

  counts(): GroupCommitStats {
    return this.commit.counts();
  }

  private async sendOne(write: ConditionalWrite): Promise<ItemOutcome<boolean>[]> {
    return [await this.outcomeOf(write)];
  }

  private async outcomeOf(write: ConditionalWrite): Promise<ItemOutcome<boolean>> {
    try {
      if (write.Put) await this.db.send(new PutCommand(write.Put));
      else if (write.Update) await this.db.send(new UpdateCommand(write.Update));
      else if (write.Delete) await this.db.send(new DeleteCommand(write.Delete));
      else throw new Error('a conditional write is a Put, an Update or a Delete');
      return { value: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { value: false };
      throw error;
    }
  }

  private async alone(write: ConditionalWrite): Promise<ItemOutcome<boolean>> {
    try {
      return await this.outcomeOf(write);
    } catch (error) {
      return { error };
    }
  }

  private async sendTogether(batch: readonly ConditionalWrite[]): Promise<ItemOutcome<boolean>[]> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [...batch],
          // The SDK retries a request whose answer was lost: the token makes that retry a no-op
          // instead of a second attempt whose conditions would fail on the first one's writes.
          ClientRequestToken: randomUUID(),
        }),
      );
      return batch.map(() => ({ value: true }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) {
        // Refused as a whole for what one item is (too large, invalid): the transaction applied
        // nothing, so each write goes on its own and only the bad one fails. Rare; costs a request
        // per item.
        if (isClientFault(error)) return Promise.all(batch.map((write) => this.alone(write)));
        throw error;
      }
      const reasons = error.CancellationReasons;
      if (!reasons || reasons.length !== batch.length) throw error;
      return reasons.map((reason): ItemOutcome<boolean> => {
        switch (reason.Code) {
          case 'ConditionalCheckFailed':
            return { value: false };
          // Not applied through no fault of its own: another item cancelled the transaction, or
          // another transaction held the item.
          case 'None':
          case undefined:
          case 'TransactionConflict':
            return RETRY;
          default:
            return { error: new Error(`${reason.Code}: ${reason.Message ?? 'the write was refused'}`) };
        }
      });
    }
  }
}

const isClientFault = (error: unknown): boolean =>
  (error as { $fault?: string } | undefined)?.$fault === 'client';

const shared = new WeakMap<DynamoDBDocumentClient, ConditionalWrites>();

/**
 * The one lane of group-committed writes of a client: every user of the client (the local
 * execution journal, the notification outbox's removals) queues behind the same request in
 * flight, so their writes share requests too.
 */
export function conditionalWritesOf(db: DynamoDBDocumentClient): ConditionalWrites {
  let writes = shared.get(db);
  if (!writes) {
    writes = new ConditionalWrites(db);
    shared.set(db, writes);
  }
  return writes;
}

function itemKeyOf(write: ConditionalWrite): string {
  const target = write.Put ?? write.Update ?? write.Delete;
  const key = (write.Put ? write.Put.Item : (write.Update ?? write.Delete)?.Key) ?? {};
  return JSON.stringify([target?.TableName, key.PK, key.SK]);
}
