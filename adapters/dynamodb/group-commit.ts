import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Group commit, as databases do it for their log: one write in flight at a time; the writes asked
 * for meanwhile queue, and when it returns the queue goes out as ONE request (a
 * TransactWriteItems, a BatchWriteItem). No timer: a lone write goes at once (after the current
 * tick, so writes asked for in the same tick share it), and the batches grow only with the load.
 * Each caller's promise settles when its own write is answered: durable before it returns.
 *
 * `send` answers each item of the batch in order: its value, its own error (that caller alone is
 * rejected), or `RETRY` (it was not applied, through no fault of its own: another item's failed
 * condition cancelled the transaction); retried items go first in the next request, at once. A
 * `send` that throws rejects every caller of its batch. Items with the same key never share a
 * request (a transaction may not touch one item twice); a later one waits for the next, so writes
 * to one key are applied in the order they were asked for.
 */
export const RETRY = Symbol('retry');

export type ItemOutcome<R> = { value: R } | { error: unknown } | typeof RETRY;

export interface GroupCommitOptions<T, R> {
  /** Sends one batch in one request; answers one outcome per item, in the batch's order. */
  send(batch: readonly T[]): Promise<ItemOutcome<R>[]>;
  /** Most items per request (TransactWriteItems: 100, BatchWriteItem: 25). */
  maxBatch: number;
  /** Items with equal keys never share a request. Without it, any two may. */
  keyOf?: (item: T) => string;
  /** Times an item answered RETRY is sent again before its caller gets an error (default 5). */
  maxRetries?: number;
}

interface Entry<T, R> {
  item: T;
  retries: number;
  /** Runs a function in the async context the write was asked for in. */
  inCallerContext: <V>(fn: () => V) => V;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export interface GroupCommitStats {
  /** Requests sent, items sent (retries counted again), the largest batch. */
  requests: number;
  items: number;
  largest: number;
}

export class GroupCommit<T, R> {
  private queue: Entry<T, R>[] = [];
  private busy = false;
  private idle: (() => void)[] = [];
  private readonly stats: GroupCommitStats = { requests: 0, items: 0, largest: 0 };
  private readonly maxRetries: number;

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    if (!(Number.isInteger(options.maxBatch) && options.maxBatch >= 1))
      throw new RangeError('maxBatch must be a positive integer');
    this.maxRetries = options.maxRetries ?? 5;
  }

  /** Queues a write; settles with its outcome once the request that carried it is answered. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, retries: 0, resolve, reject, inCallerContext: AsyncLocalStorage.snapshot() });
      if (!this.busy) {
        this.busy = true;
        // A microtask, not a timer: writes asked for in this same tick share the first request.
        queueMicrotask(() => this.sendNext());
      }
    });
  }

  /** Resolves once nothing is queued or in flight. */
  settled(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  counts(): GroupCommitStats {
    return { ...this.stats };
  }

  private sendNext(): void {
    if (this.queue.length === 0) {
      this.busy = false;
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    const batch = this.takeBatch();
    this.stats.requests++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    let sent: Promise<ItemOutcome<R>[]>;
    try {
      // In the context of its oldest write, not of whichever request finished before it: a lone
      // write goes out as its caller's own (its trace, the function the request counter names),
      // and a batch is counted to the sender of its oldest write.
      const [oldest] = batch;
      const items = batch.map((entry) => entry.item);
      sent = oldest ? oldest.inCallerContext(() => this.options.send(items)) : Promise.resolve([]);
    } catch (error) {
      sent = Promise.reject(error);
    }
    void sent
      .then(
        (outcomes) => this.settle(batch, outcomes),
        (error: unknown) => {
          for (const entry of batch) entry.reject(error);
        },
      )
      // Whatever went wrong settling this batch, its callers hear of it and the lane goes on.
      .catch((error: unknown) => {
        for (const entry of batch) entry.reject(error);
      })
      .then(() => this.sendNext());
  }

  /** The first `maxBatch` queued entries whose keys are not already in the batch, in order. */
  private takeBatch(): Entry<T, R>[] {
    const { maxBatch, keyOf } = this.options;
    if (!keyOf) return this.queue.splice(0, maxBatch);
    const batch: Entry<T, R>[] = [];
    const left: Entry<T, R>[] = [];
    const keys = new Set<string>();
    for (const entry of this.queue) {
      const key = keyOf(entry.item);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(entry);
      } else {
        // Skipped, in order: a later write to a key never overtakes an earlier one to it.
        keys.add(key);
        left.push(entry);
      }
    }
    this.queue = left;
    return batch;
  }

  private settle(batch: Entry<T, R>[], outcomes: ItemOutcome<R>[]): void {
    const again: Entry<T, R>[] = [];
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) {
        entry.reject(new Error(`group commit: no outcome for item ${i} of ${batch.length}`));
      } else if (outcome === RETRY) {
        if (entry.retries >= this.maxRetries) {
          entry.reject(new Error(`group commit: not applied after ${entry.retries + 1} attempts`));
        } else {
          entry.retries++;
          again.push(entry);
        }
      } else if ('error' in outcome) {
        entry.reject(outcome.error);
      } else {
        entry.resolve(outcome.value);
      }
    });
    // Retried ones go first, ahead of anything asked for since (and of later writes to their keys).
    this.queue = [...again, ...this.queue];
  }
}
