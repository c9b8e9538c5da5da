import type { ApiClient } from './api-client';
import type { Clerk } from './clerk';
import { SystemUnreachableError, UnexpectedAnswerError } from './http';
import { isQueued, isTerminal, type ClaimOutcome } from './outcome';
import { forEachLimited } from '../../domain/limited-concurrency';
import { setTimeout as sleep } from 'node:timers/promises';
import { progressCounts, type DemoProgress } from './progress';
import { ratePerSecond } from './stats';
import type { WorldClient } from './world-client';

/**
 * Following the batch: one loop reads the unfinished claims (GET /claims/{id}, a few reads in
 * flight), another works the clerk queue, releases the held-back bills and decides when the
 * batch has settled. Kept apart so that reads slowed down by a busy system delay neither the
 * clerk nor the release of the bills. Where the local runtime offers its change feed, a third
 * loop long-polls it and a claim is read when it reached a status the demo acts on (or every
 * FALLBACK_READ_MS, in case a change was missed); otherwise every claim is read once per poll
 * interval. The reads are load on the system under test: the feed keeps them few.
 */

/** Statuses the demo acts on or ends with; the passing ones (FETCHING …) need no read. */
const WORTH_READING = new Set(['WAITING_FOR_EBILL', 'IN_REVIEW', 'FAILED', 'PAID', 'REJECTED']);
/** With the change feed, a claim is still read this often, in case a change was missed. */
const FALLBACK_READ_MS = 30_000;
/** One long poll of the change feed waits this long for a change. */
const FEED_WAIT_MS = 3_000;

/** Reads in flight at once: enough to keep up, few enough not to be the load. */
const FOLLOW_CONCURRENCY = 8;
/** The clerk looks at the queue, and the end of the run is judged, this often. */
const CONTROL_INTERVAL_MS = 1000;
/**
 * Held-back bills are issued once every claim waiting for one has been seen at
 * WAITING_FOR_EBILL, or this long after the last submission, whichever comes first.
 */
const LATE_RELEASE_AFTER_MS = 5000;

export interface LateRelease {
  atMs: number;
  issued: number;
  /** Claims of held-back bills seen waiting for them when they were issued (the event path). */
  seenWaiting: number;
  lateClaims: number;
}

export interface FollowContext {
  api: ApiClient;
  world: WorldClient;
  clerk: Clerk;
  pollIntervalMs: number;
  deadlineMs: number;
  progress?: DemoProgress;
  signal?: AbortSignal;
  /** When submitting ended; undefined while it goes on. */
  submissionsDoneMs: () => number | undefined;
  firstSubmitMs: () => number | undefined;
}

export interface FollowResult {
  lateRelease?: LateRelease;
  pollErrors: number;
  timedOut: boolean;
  interrupted: boolean;
}

const isHttpTrouble = (error: unknown): boolean =>
  error instanceof UnexpectedAnswerError || error instanceof SystemUnreachableError;

export async function follow(
  outcomes: readonly ClaimOutcome[],
  context: FollowContext,
): Promise<FollowResult> {
  const result: FollowResult = { pollErrors: 0, timedOut: false, interrupted: false };
  const lastRead = new Map<ClaimOutcome, number>();
  let stopped = false;

  const showProgress = () => {
    const counts = progressCounts(outcomes);
    const first = context.firstSubmitMs();
    context.progress?.update(
      counts,
      first === undefined ? undefined : ratePerSecond(counts.done, Date.now() - first),
    );
  };

  const feed = new ChangeWatch(context.api);
  let readerError: unknown;
  const watcher = feed
    .run(() => stopped)
    .catch((error: unknown) => {
      if (!isHttpTrouble(error)) readerError = error;
      // Without the feed the reader falls back to reading every claim each poll interval.
    });
  const reader = (async () => {
    while (!stopped) {
      const now = Date.now();
      const due = outcomes.filter(
        (o) =>
          o.claimId !== undefined &&
          !isTerminal(o) &&
          !(isQueued(o) && context.clerk.isDoneWith(o.claimId, o.last?.status ?? '')) &&
          feed.due(o, now - (lastRead.get(o) ?? 0), context.pollIntervalMs),
      );
      await forEachLimited(due, FOLLOW_CONCURRENCY, async (o) => {
        if (stopped) return;
        lastRead.set(o, Date.now());
        try {
          o.last = await context.api.claim(o.claimId ?? '');
          // A clerk's retry clears the failure from the case: remember why it was in the queue.
          if (o.last.failure) o.failureSeen = o.last.failure.error;
        } catch (error) {
          if (!isHttpTrouble(error)) throw error;
          result.pollErrors++;
        }
        showProgress();
      });
      if (due.length === 0) await sleep(100);
    }
  })().catch((error: unknown) => {
    // A bug, not a slow system: end the run and let the caller see it.
    readerError = error;
    stopped = true;
  });

  try {
    while (!stopped) {
      await context.clerk.pass().catch((error: unknown) => {
        if (!isHttpTrouble(error)) throw error;
        result.pollErrors++;
      });
      result.lateRelease ??= await releaseLateBills(context, outcomes);
      showProgress();
      if (
        context.submissionsDoneMs() !== undefined &&
        result.lateRelease &&
        settled(outcomes, context.clerk)
      ) {
        break;
      }
      if (Date.now() > context.deadlineMs) {
        result.timedOut = true;
        break;
      }
      if (context.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      await sleep(CONTROL_INTERVAL_MS);
    }
  } finally {
    stopped = true;
    await reader;
    await watcher;
  }
  if (readerError !== undefined) throw readerError;
  return result;
}

/** Every submitted claim is terminal, or in the queue with nothing left for the clerk to do. */
function settled(outcomes: readonly ClaimOutcome[], clerk: Clerk): boolean {
  return outcomes.every(
    (o) =>
      o.claimId === undefined ||
      isTerminal(o) ||
      (isQueued(o) && clerk.isDoneWith(o.claimId, o.last?.status ?? '')),
  );
}

async function releaseLateBills(
  context: FollowContext,
  outcomes: readonly ClaimOutcome[],
): Promise<LateRelease | undefined> {
  const done = context.submissionsDoneMs();
  if (done === undefined) return undefined;
  const late = outcomes.filter((o) => o.role === 'issued_later');
  if (late.length === 0) return { atMs: Date.now(), issued: 0, seenWaiting: 0, lateClaims: 0 };
  const submitted = late.filter((o) => o.claimId !== undefined);
  const waiting = submitted.filter((o) => o.last?.status === 'WAITING_FOR_EBILL');
  const ready = submitted.every(
    (o) => o.last?.status === 'WAITING_FOR_EBILL' || isTerminal(o) || isQueued(o),
  );
  if (!ready && Date.now() - done < LATE_RELEASE_AFTER_MS) return undefined;
  let issued: number;
  try {
    issued = await context.world.issuePending();
  } catch (error) {
    // The hospitals are down for a moment (restarting): release on the next round.
    if (!isHttpTrouble(error)) throw error;
    return undefined;
  }
  return {
    atMs: Date.now(),
    issued,
    seenWaiting: waiting.length,
    lateClaims: late.length,
  };
}

/**
 * The local runtime's change feed, followed by long polls: the latest status the feed named for
 * each claim. `due` says whether a claim should be read now.
 */
class ChangeWatch {
  private readonly latest = new Map<string, string>();
  /** True once the feed answered; false while it is not there (another runtime) or broke. */
  private working = false;
  /** Changes were missed (a restart, a long pause): every claim is read once more. */
  private missedAt = 0;

  constructor(private readonly api: FollowContext['api']) {}

  due(o: ClaimOutcome, sinceLastReadMs: number, pollIntervalMs: number): boolean {
    if (!this.working) return sinceLastReadMs >= pollIntervalMs;
    if (sinceLastReadMs >= FALLBACK_READ_MS || Date.now() - sinceLastReadMs < this.missedAt) return true;
    const status = this.latest.get(o.claimId ?? '');
    return (
      status !== undefined && status !== o.last?.status && WORTH_READING.has(status) && sinceLastReadMs >= 200
    );
  }

  async run(stopped: () => boolean): Promise<void> {
    let epoch: string | undefined;
    let cursor = 0;
    while (!stopped()) {
      const page = await this.api.claimChanges(epoch, cursor, FEED_WAIT_MS);
      if (!page) return;
      if (page.missed && epoch !== undefined) this.missedAt = Date.now();
      for (const change of page.changes) this.latest.set(change.claimId, change.to);
      this.working = true;
      epoch = page.epoch;
      cursor = page.cursor;
    }
  }
}
