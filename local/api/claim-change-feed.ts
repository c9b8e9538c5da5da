import { randomUUID } from 'node:crypto';
import { ClaimStatusChanged } from '../../events/claim-events';
import type { EventBridgeEnvelope } from '../../events/envelope';

/**
 * The claims' status changes as the local bus delivered them (the dashboard feed rule), kept in
 * memory for a while, so a follower (the demo, the chaos run) learns that a claim moved by
 * waiting on this feed instead of reading every claim every second. Status changes carry no
 * personal data (events/claim-events.ts). Bounded: the oldest changes fall off; a follower whose
 * cursor fell off, or that comes from an earlier process (another `epoch`), is told it `missed`
 * changes and reads the claims themselves.
 */
export interface ClaimChange {
  seq: number;
  claimId: string;
  from: string;
  to: string;
  at: string;
}

export interface ClaimChangesPage {
  /** Changes since the process started; a cursor from another epoch means nothing here. */
  epoch: string;
  changes: ClaimChange[];
  /** Give it back as `after` to get the changes that follow. */
  cursor: number;
  /** Changes after the given cursor were dropped (or it came from another epoch). */
  missed: boolean;
}

const DEFAULT_CAPACITY = 50_000;
/** At most this many changes in one answer; the cursor says where to go on. */
const PAGE_SIZE = 2_000;

export class ClaimChangeFeed {
  readonly epoch = randomUUID();
  private changes: ClaimChange[] = [];
  private lastSeq = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** A bus target: keeps the Claim.StatusChanged events, ignores the others. */
  readonly record = (envelope: EventBridgeEnvelope): void => {
    if (envelope['detail-type'] !== ClaimStatusChanged.detailType) return;
    const parsed = ClaimStatusChanged.schema.safeParse(envelope.detail);
    if (!parsed.success) return;
    const { claimId, from, to, at } = parsed.data;
    this.changes.push({ seq: ++this.lastSeq, claimId, from, to, at });
    if (this.changes.length > this.capacity) this.changes.splice(0, this.changes.length - this.capacity);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  };

  /**
   * The changes after `after` (0: from the start) in this epoch; when there are none yet, waits
   * up to `waitMs` for one (a long poll) before answering with none.
   */
  async since(epoch: string | undefined, after: number, waitMs: number): Promise<ClaimChangesPage> {
    const sameEpoch = epoch === undefined || epoch === this.epoch;
    const from = sameEpoch ? after : 0;
    if (from >= this.lastSeq && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiters.delete(wake);
          resolve();
        }, waitMs);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
    const oldest = this.changes[0]?.seq ?? this.lastSeq + 1;
    // Sequence numbers are consecutive, so the first change after `from` is at a known index.
    const start = Math.max(0, from + 1 - oldest);
    const changes = this.changes.slice(start, start + PAGE_SIZE);
    return {
      epoch: this.epoch,
      changes,
      cursor: changes.at(-1)?.seq ?? Math.max(from, this.lastSeq),
      missed: !sameEpoch || from + 1 < oldest,
    };
  }
}
