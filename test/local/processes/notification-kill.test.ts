import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationKey } from '../../../adapters/claim-store';
import type { ClaimStatus } from '../../../domain/claim-status';
import { statusMessage } from '../../../domain/notifications';
import { DOWN_FILE, readInbox, REPEATS_FILE } from '../../../local/notifications/message-inbox';
import type { RunningChild } from '../../../local/processes/child-process';
import type { VisitView } from '../../../local/world/world';
import { useCrossclaimChild } from '../../support/crossclaim-child';

const CLAIMS = 10;
const FINAL: readonly ClaimStatus[] = ['PAID', 'REJECTED', 'IN_REVIEW', 'FAILED'];

/**
 * Notifications that arrive (issue #18): the crossclaim process is killed with SIGKILL after
 * status changes were committed and before their notifications were delivered (the simulated
 * message gateway refuses them until then), and started again. Every status move the citizen is
 * told of has its notification, every notification reaches the gateway's inbox, and none twice.
 */
describe('durability: notifications across a SIGKILL of crossclaim between a status change and its delivery', () => {
  const tree = useCrossclaimChild('notify-kill-test');
  const { claims } = tree;
  const inboxDir = () => join(tree.dataDir, 'message-inbox');
  let child: RunningChild;

  const until = async (done: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** The status moves of a claim's history the citizen is told of (domain/notifications.ts). */
  async function toldMoves(claimId: string): Promise<{ status: ClaimStatus; at: string }[]> {
    const trail = await claims.auditTrail(claimId);
    const moves: { status: ClaimStatus; at: string }[] = [];
    for (const entry of trail.entries) {
      const to = entry.after?.status as ClaimStatus | undefined;
      const from = entry.before?.status as ClaimStatus | undefined;
      if (to && to !== from && statusMessage(claimId, to)) moves.push({ status: to, at: entry.at });
    }
    return moves;
  }

  it('loses no notification and delivers none twice', { timeout: 180_000 }, async () => {
    // The gateway refuses every message: each status change leaves its notification pending.
    await mkdir(inboxDir(), { recursive: true });
    await writeFile(join(inboxDir(), DOWN_FILE), '');
    child = await tree.start();
    const apiUrl = String(child.ready.apiUrl);
    const addVisits = async (body: object): Promise<VisitView[]> => {
      const response = await fetch(`${tree.world.hospitalsUrl}/admin/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tree.world.adminToken}` },
        body: JSON.stringify(body),
      });
      return ((await response.json()) as { visits: VisitView[] }).visits;
    };
    // Most bills at once; three issued later, so their claims wait (WAITING_FOR_EBILL, told) across the kill.
    const visits = [
      ...(await addVisits({ count: CLAIMS - 3, timing: 'now' })),
      ...(await addVisits({ count: 3, careType: 'outpatient', timing: 'later' })),
    ];
    const claimIds = await Promise.all(visits.map((visit) => tree.submit(apiUrl, visit)));

    // Some status changes committed, their notifications not delivered: kill -9 now.
    await until(async () => (await claims.notificationOutbox.pending(1000)).length >= 4, 60_000);
    child.process.kill('SIGKILL');
    await child.exited;
    const pendingAtKill = (await claims.notificationOutbox.pending(1000)).length;
    expect(pendingAtKill).toBeGreaterThanOrEqual(4);
    expect(await readInbox(inboxDir())).toEqual([]);

    // The gateway is back; crossclaim starts again, re-drives the claims and drains the outbox.
    await rm(join(inboxDir(), DOWN_FILE));
    child = await tree.start();
    await fetch(`${tree.world.hospitalsUrl}/admin/issue-pending`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tree.world.adminToken}` },
      body: '{}',
    });
    await until(async () => {
      const cases = await Promise.all(claimIds.map((id) => claims.get(id)));
      return cases.every((c) => FINAL.includes(c.status));
    }, 120_000);
    await until(async () => (await claims.notificationOutbox.pending(1000)).length === 0, 30_000);

    const inbox = await readInbox(inboxDir());
    const keys = inbox.map((m) => m.idempotencyKey);
    // None twice.
    expect(new Set(keys).size).toBe(keys.length);
    let told = 0;
    for (const claimId of claimIds) {
      const claim = await claims.get(claimId);
      const stored = (await claims.notificationsOf(claim.insured.idNumberHash)).filter(
        (n) => n.claimId === claimId,
      );
      // No status change the citizen is told of without its notification…
      const moves = await toldMoves(claimId);
      expect(stored.map((n) => n.status).sort(), claimId).toEqual(moves.map((m) => m.status).sort());
      // …and every notification delivered, exactly once.
      const delivered = inbox.filter((m) => m.claimId === claimId).map((m) => m.idempotencyKey);
      expect(delivered.sort(), claimId).toEqual(stored.map(notificationKey).sort());
      told += stored.length;
    }
    // Each claim was told at least its end, the three late ones their wait too.
    expect(told).toBeGreaterThanOrEqual(CLAIMS + 3);
    expect(inbox).toHaveLength(told);
    const repeats = await readInbox(inboxDir(), REPEATS_FILE);
    process.stdout.write(
      `notifications: ${told} for ${CLAIMS} claims, ${pendingAtKill} pending at the kill, ` +
        `${inbox.length} delivered once each, ${repeats.length} repeat(s) refused by the gateway\n`,
    );
  });
});
