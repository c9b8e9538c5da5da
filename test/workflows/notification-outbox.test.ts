import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notificationKey, type StoredNotification } from '../../adapters/claim-store';
import type { Notifier } from '../../adapters/notifier';
import { drainNotifications } from '../../functions/services/notification-delivery';
import { setDependencies } from '../../functions/shared/dependencies';
import {
  DOWN_FILE,
  openMessageInbox,
  readInbox,
  REPEATS_FILE,
} from '../../local/notifications/message-inbox';
import { claimRequestFor, finished, submitted, useClaimWorkflow } from './support';

/**
 * Notifications that arrive (issue #18, part 6): each status move the citizen is told of is
 * written with its pending delivery in one transaction, delivered through the channel with an
 * idempotency key, and taken out of the outbox once the channel took it. The channel here is the
 * local message gateway simulator (local/notifications/message-inbox.ts) in a folder of the test.
 */
describe('notification outbox: every status change reaches the citizen once', () => {
  const wf = useClaimWorkflow();
  let dir: string;
  let inbox: Notifier;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crossclaim-inbox-'));
    inbox = await openMessageInbox(dir);
    setDependencies({ notifier: inbox });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const notificationsOf = async (claimId: string, recipient: string): Promise<StoredNotification[]> =>
    (await wf.rt.claims.notificationsOf(recipient)).filter((n) => n.claimId === claimId);
  const outboxEmpty = async () => {
    await expect
      .poll(async () => (await wf.rt.claims.notificationOutbox.pending()).length, { timeout: 10_000 })
      .toBe(0);
  };

  it('delivers each notification of a paid claim once, with its key, and leaves nothing pending', async () => {
    const visit = wf.rt.hospitals.generator.inpatient();
    wf.rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    await finished(wf.rt, claimId);
    const claim = await wf.rt.claims.get(claimId);
    await outboxEmpty();
    const stored = await notificationsOf(claimId, claim.insured.idNumberHash);
    expect(stored.map((n) => n.status)).toContain('PAID');
    const delivered = (await readInbox(dir)).filter((m) => m.claimId === claimId);
    expect(delivered.map((m) => m.idempotencyKey).sort()).toEqual(stored.map(notificationKey).sort());
    expect(delivered.every((m) => m.channels.includes('sms') && m.channels.includes('app_push'))).toBe(true);
  });

  it('moves the case while the gateway is down, keeps the notification pending, and delivers it once when it is back', async () => {
    await writeFile(join(dir, DOWN_FILE), '');
    const visit = wf.rt.hospitals.generator.outpatient();
    wf.rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    await finished(wf.rt, claimId);
    const claim = await wf.rt.claims.get(claimId);
    expect(claim.status).toBe('PAID');
    const stored = await notificationsOf(claimId, claim.insured.idNumberHash);
    expect(stored.length).toBeGreaterThan(0);
    // Every notification of the move is in the outbox, none in the inbox.
    const pendingKeys = (await wf.rt.claims.notificationOutbox.pending()).map((p) => p.key);
    expect(pendingKeys).toEqual(expect.arrayContaining(stored.map(notificationKey)));
    expect((await readInbox(dir)).filter((m) => m.claimId === claimId)).toEqual([]);

    await rm(join(dir, DOWN_FILE));
    await outboxEmpty();
    const delivered = (await readInbox(dir)).filter((m) => m.claimId === claimId);
    expect(delivered.map((m) => m.idempotencyKey).sort()).toEqual(stored.map(notificationKey).sort());
  });

  it('sends again after a crash between delivery and the outbox hearing of it, and the gateway delivers it once', async () => {
    const outbox = wf.rt.claims.notificationOutbox;
    const notification: StoredNotification = {
      claimId: 'C20261204TESTTESTTESTX',
      recipient: `sha256:${'cd'.repeat(32)}`,
      status: 'PAID',
      at: new Date().toISOString(),
      zh: '测试通知',
      en: 'test notification',
    };
    await wf.rt.claims.putNotification(notification, [outbox.item(notification)]);
    const key = notificationKey(notification);
    // The message goes out, then the process "dies" before the pending item is removed (the
    // runtime's own drain, every 100 ms here, may be the one that meets the failure).
    const lost = vi.spyOn(outbox, 'delivered').mockRejectedValueOnce(new Error('killed'));
    try {
      await drainNotifications({ graceMs: 0 });
      await expect.poll(() => lost.mock.calls.length).toBeGreaterThanOrEqual(1);
    } finally {
      lost.mockRestore();
    }
    await outboxEmpty();
    const delivered = (await readInbox(dir)).filter((m) => m.idempotencyKey === key);
    expect(delivered).toHaveLength(1);
    const repeats = await readInbox(dir, REPEATS_FILE);
    expect(repeats.filter((r) => r.idempotencyKey === key).length).toBeGreaterThanOrEqual(1);
  });

  it('leaves a fresh pending notification to the move that is delivering it (no second send by the drain)', async () => {
    await outboxEmpty();
    const notification: StoredNotification = {
      claimId: 'C20261204FRESHFRESHFRE',
      recipient: `sha256:${'ef'.repeat(32)}`,
      status: 'IN_REVIEW',
      at: new Date().toISOString(),
      zh: '测试通知',
      en: 'test notification',
    };
    const outbox = wf.rt.claims.notificationOutbox;
    await wf.rt.claims.putNotification(notification, [outbox.item(notification)]);
    expect(await drainNotifications({ graceMs: 60_000 })).toEqual({ sent: 0, failed: 0 });
    // Past the grace (the runtime's own drain, 100 ms here), it is sent, once.
    await outboxEmpty();
    expect((await readInbox(dir)).filter((m) => m.claimId === notification.claimId)).toHaveLength(1);
  });
});
