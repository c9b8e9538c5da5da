import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { StoreAccess } from '../claims/access';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { SettlementReportSchema, type SettlementReport } from '../../domain/home-region';
import { queryAll, queryByPrefix } from '../dynamodb/query-by-prefix';

/**
 * The outbox of payout reports to the home region, in the claims table. A report is enqueued
 * under its idempotency key (the payout's transfer key) once its payout is recorded; it stays
 * pending (PK HOMEREPORT#PENDING, SK <key>) until the home region acknowledged it, and then
 * leaves a SENT marker (PK HOMEREPORT#<key>, SK SENT) so enqueueing it again is a no-op. Being
 * in the table, it survives crossclaim's crashes and restarts; the home region counts a key
 * once, so a report sent twice (a crash after sending, before marking) is still counted once.
 */
const PENDING_PK = 'HOMEREPORT#PENDING';
const sentKey = (key: string) => ({ PK: `HOMEREPORT#${key}`, SK: 'SENT' });
const pendingKey = (key: string) => ({ PK: PENDING_PK, SK: key });

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface PendingReport {
  report: SettlementReport;
  enqueuedAt: string;
}

export const PAYOUT_REPORT_ACCESS = {
  /** enqueue (a condition on the SENT marker, the pending item) and markSent (marker in, pending out). */
  report: { items: [{ actions: ['ConditionCheckItem', 'PutItem', 'DeleteItem'], keys: ['HOMEREPORT#'] }] },
  /** pending() and isSent() query; then each delivered report is marked sent. */
  drain: { items: [{ actions: ['Query', 'PutItem', 'DeleteItem'], keys: ['HOMEREPORT#'] }] },
} as const satisfies Record<string, StoreAccess>;

export class PayoutReportOutbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Adds a report unless it is already pending or sent: true if it was added. */
  async enqueue(report: SettlementReport, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: sentKey(report.key),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...pendingKey(report.key), report, enqueuedAt: at },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  /**
   * The report's pending item as an item of the transaction that records its payout (PayOut,
   * PayAppealDifference): the payout is written once, so is this, and no SENT marker can exist
   * for a payout recorded only now. Unconditional: the same report put again changes nothing.
   */
  enqueueItem(report: SettlementReport, at: string): TransactItem {
    return {
      Put: { TableName: this.tableName, Item: { ...pendingKey(report.key), report, enqueuedAt: at } },
    };
  }

  /** Every report not yet acknowledged, oldest key first. */
  async pending(): Promise<PendingReport[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PENDING_PK },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      report: SettlementReportSchema.parse(item.report),
      enqueuedAt: String(item.enqueuedAt),
    }));
  }

  /** The home region acknowledged the report: it leaves the pending list, a SENT marker stays. */
  async markSent(key: string, at: string): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: this.markSentItems(key, at) }));
  }

  /** Items markSentItems made, written in a transaction of their own. */
  async writeItems(items: TransactItem[]): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /**
   * markSent as items of another transaction (PayOut's move to PAID): neither has a condition,
   * so they never cancel it; marking a report sent twice changes nothing.
   */
  markSentItems(key: string, at: string): TransactItem[] {
    return [
      { Put: { TableName: this.tableName, Item: { ...sentKey(key), sentAt: at } } },
      { Delete: { TableName: this.tableName, Key: pendingKey(key) } },
    ];
  }

  async isSent(key: string): Promise<boolean> {
    const items = await queryByPrefix(this.db, this.tableName, sentKey(key).PK, 'SENT');
    return items.length > 0;
  }
}
