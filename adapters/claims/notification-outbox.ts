import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalWritesOf, type ConditionalWrites } from '../dynamodb/conditional-writes';
import type { StoredNotification } from './citizen-records';
import type { StoreAccess } from './access';

/**
 * The delivery outbox of citizens' notifications (issue #18, "notifications that arrive"). A
 * status move writes the citizen's notification (their inbox, `INSURED#` / `NOTIFY#…`) and, in
 * the same transaction, a pending delivery (`NOTIFYOUT#PENDING` / `<idempotency key>`): no status
 * change without its notification, and none that is not sent. The pending item goes once the
 * channel accepted the message; a crash before that leaves it for the drain (at the local
 * runtime's start and every few seconds, a schedule on AWS), which sends it again with the same
 * key, and the channel counts a key once: none is lost and none reaches the citizen twice.
 *
 * The removals are group-committed (adapters/dynamodb/conditional-writes.ts, the client's one
 * lane, shared with the local execution journal): while a request is in flight, those asked for
 * meanwhile (other claims' moves, a drain's page) go together as the Delete items of one
 * TransactWriteItems, up to 100. Not a BatchWriteItem: no function is granted
 * a batch action (infra: every grant names its keys), and a Delete inside a transaction is
 * authorized as the DeleteItem `deliver` declares. A removal alone is its plain DeleteItem.
 */
const PENDING_PK = 'NOTIFYOUT#PENDING';

export interface PendingNotification {
  key: string;
  notification: StoredNotification;
  enqueuedAt: string;
}

/** The idempotency key of a notification: one status move of one claim. */
export const notificationKey = (n: Pick<StoredNotification, 'claimId' | 'status' | 'at'>): string =>
  `${n.claimId}:${n.status}:${n.at}`;

export const NOTIFICATION_OUTBOX_ACCESS = {
  /** enqueue: the pending delivery, a Put in the status move's transaction. */
  enqueue: { items: [{ actions: ['PutItem'], keys: ['NOTIFYOUT#'] }] },
  /** delivered: the pending item leaves once the channel took the message. */
  deliver: { items: [{ actions: ['DeleteItem'], keys: ['NOTIFYOUT#'] }] },
  /** pending() and delivered(): the drain. */
  drain: { items: [{ actions: ['Query', 'DeleteItem'], keys: ['NOTIFYOUT#'] }] },
} as const satisfies Record<string, StoreAccess>;

export class NotificationOutbox {
  private readonly removals: ConditionalWrites;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.removals = conditionalWritesOf(db);
  }

  /** The pending delivery as an item of a transaction (the status move's, with the notification). */
  item(notification: StoredNotification) {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          PK: PENDING_PK,
          SK: notificationKey(notification),
          notification,
          enqueuedAt: notification.at,
        },
      },
    };
  }

  /** Deliveries not yet taken by the channel, oldest key first (at most `limit`). */
  async pending(limit = 100): Promise<PendingNotification[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': PENDING_PK },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => ({
      key: String(item.SK),
      notification: item.notification as StoredNotification,
      enqueuedAt: String(item.enqueuedAt),
    }));
  }

  /** The channel took the message: it leaves the outbox (resolves once it has left). */
  async delivered(key: string): Promise<void> {
    await this.removals.write({ Delete: { TableName: this.tableName, Key: { PK: PENDING_PK, SK: key } } });
  }
}
