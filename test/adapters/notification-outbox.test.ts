import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  NotificationOutbox,
  notificationKey,
  type PendingNotification,
} from '../../adapters/claims/notification-outbox';
import type { StoredNotification } from '../../adapters/claims/citizen-records';
import { requestsBetween } from '../../adapters/dynamodb/request-counter';
import { useTestTable } from '../support/dynamodb';

describe('the notification outbox: delivered items leave it in group-committed requests', () => {
  const table = useTestTable('notify-outbox');
  const notification = (i: number): StoredNotification => ({
    claimId: `C20261204OUTBOX${String(i).padStart(7, '0')}`,
    recipient: `sha256:${'ab'.repeat(32)}`,
    status: 'PAID',
    at: new Date(Date.UTC(2026, 11, 4, 12, 0, i)).toISOString(),
    zh: '测试通知',
    en: 'test notification',
  });
  const enqueue = async (outbox: NotificationOutbox, notifications: StoredNotification[]) => {
    for (let i = 0; i < notifications.length; i += 25) {
      await table.docClient.send(
        new TransactWriteCommand({
          TransactItems: notifications.slice(i, i + 25).map((n) => outbox.item(n)) as never,
        }),
      );
    }
  };
  const keysOf = (pending: PendingNotification[]) => pending.map((p) => p.key).sort();

  it('removes one delivered item with its DeleteItem, at once', async () => {
    const outbox = new NotificationOutbox(table.docClient, table.tableName);
    await enqueue(outbox, [notification(0)]);
    const before = table.requests.counts();
    await outbox.delivered(notificationKey(notification(0)));
    expect(requestsBetween(before, table.requests.counts())).toEqual({ DeleteItem: 1 });
    expect(await outbox.pending()).toEqual([]);
  });

  it('removes what is delivered while a removal is in flight in one request, and each caller waits for it', async () => {
    const outbox = new NotificationOutbox(table.docClient, table.tableName);
    const all = Array.from({ length: 40 }, (_, i) => notification(100 + i));
    await enqueue(outbox, all);
    expect(keysOf(await outbox.pending())).toEqual(all.map(notificationKey).sort());

    const before = table.requests.counts();
    const first = outbox.delivered(notificationKey(all[0]!));
    await new Promise((resolve) => setImmediate(resolve)); // the first is on the wire
    const rest = all.slice(1).map((n) => outbox.delivered(notificationKey(n)));
    await first;
    await Promise.all(rest);
    // Answered only once removed: nothing of them is pending when the callers hear back.
    expect(await outbox.pending()).toEqual([]);
    expect(requestsBetween(before, table.requests.counts())).toEqual({
      DeleteItem: 1,
      TransactWriteItems: 1,
      Query: 1,
    });
  });

  it('removing an item that is gone already (a second delivery after a crash) is no error', async () => {
    const outbox = new NotificationOutbox(table.docClient, table.tableName);
    await enqueue(outbox, [notification(200), notification(201)]);
    await Promise.all([200, 201, 200].map((i) => outbox.delivered(notificationKey(notification(i)))));
    expect(await outbox.pending()).toEqual([]);
  });
});
