import { describe, expect, it } from 'vitest';
import { ClaimChangeFeed } from '../../../local/api/claim-change-feed';
import type { EventBridgeEnvelope } from '../../../events/envelope';

const statusChanged = (claimId: string, from: string, to: string): EventBridgeEnvelope =>
  ({
    version: '0',
    id: `evt-${claimId}-${to}`,
    'detail-type': 'Claim.StatusChanged',
    source: 'crossclaim.claims',
    account: '000000000000',
    time: '2026-12-03T10:00:00Z',
    region: 'cn-north-1',
    resources: [],
    detail: { version: '1.0', claimId, from, to, at: '2026-12-03T10:00:00.000Z' },
  }) as EventBridgeEnvelope;

describe('local claim change feed (long poll over the bus’s Claim.StatusChanged events)', () => {
  it('answers the changes after a cursor, and nothing twice', async () => {
    const feed = new ClaimChangeFeed();
    feed.record(statusChanged('c-1', 'SUBMITTED', 'FETCHING'));
    feed.record(statusChanged('c-2', 'SUBMITTED', 'FETCHING'));
    const first = await feed.since(undefined, 0, 0);
    expect(first.changes.map((c) => `${c.claimId}:${c.to}`)).toEqual(['c-1:FETCHING', 'c-2:FETCHING']);
    feed.record(statusChanged('c-1', 'FETCHING', 'VERIFYING'));
    const next = await feed.since(first.epoch, first.cursor, 0);
    expect(next.changes.map((c) => `${c.claimId}:${c.to}`)).toEqual(['c-1:VERIFYING']);
    expect(next.missed).toBe(false);
  });

  it('waits for the next change instead of answering empty at once', async () => {
    const feed = new ClaimChangeFeed();
    const { epoch, cursor } = await feed.since(undefined, 0, 0);
    const started = Date.now();
    const waiting = feed.since(epoch, cursor, 5_000);
    setTimeout(() => feed.record(statusChanged('c-9', 'ADJUDICATED', 'PAID')), 50);
    const page = await waiting;
    expect(page.changes.map((c) => c.to)).toEqual(['PAID']);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers empty after the wait when nothing happens', async () => {
    const feed = new ClaimChangeFeed();
    const page = await feed.since(undefined, 0, 30);
    expect(page.changes).toEqual([]);
  });

  it('keeps only Claim.StatusChanged events with a valid detail', async () => {
    const feed = new ClaimChangeFeed();
    feed.record({ ...statusChanged('c-1', 'SUBMITTED', 'FETCHING'), 'detail-type': 'Review.Escalated' });
    feed.record(statusChanged('c-1', 'PAID', 'PAID')); // from = to: refused by the contract
    expect((await feed.since(undefined, 0, 0)).changes).toEqual([]);
  });

  it('says a follower missed changes that fell off, or that came from another process', async () => {
    const feed = new ClaimChangeFeed(2);
    for (const to of ['FETCHING', 'VERIFYING', 'ADJUDICATED'])
      feed.record(statusChanged('c-1', 'SUBMITTED', to));
    const fellOff = await feed.since(feed.epoch, 0, 0);
    expect(fellOff.missed).toBe(true);
    expect(fellOff.changes.map((c) => c.to)).toEqual(['VERIFYING', 'ADJUDICATED']);
    const otherEpoch = await feed.since('00000000-0000-4000-8000-000000000000', 3, 0);
    expect(otherEpoch.missed).toBe(true);
    expect(otherEpoch.changes).toHaveLength(2);
  });
});
