/**
 * Keeps one child of `npm start` running: when it dies without being asked to, it is started
 * again after a backoff (1 s, 2 s, 4 s … at most `maxDelayMs`), each step logged. A child that
 * keeps dying (more than `crashLimit` crashes within `crashWindowMs`) is a crash loop: the
 * supervisor stops trying and reports it with the child's last words, because restarting a
 * process that cannot start only hides the reason.
 */

export interface SupervisedProcess {
  /** The operating system's process id, for an operator (or the chaos run) to find it. */
  pid: number;
  /** Resolves with the exit code or signal when the process ends. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

export type SupervisorEvent =
  | { kind: 'crashed'; name: string; pid: number; exit: number | string; at: number }
  | { kind: 'restarting'; name: string; attempt: number; delayMs: number; at: number }
  | { kind: 'restarted'; name: string; pid: number; downMs: number; at: number }
  | { kind: 'restart-failed'; name: string; attempt: number; error: string; at: number }
  | { kind: 'gave-up'; name: string; crashes: number; windowMs: number; reason: string; at: number };

export interface SupervisorOptions<T extends SupervisedProcess> {
  name: string;
  start: () => Promise<T>;
  /** Told of every crash, restart and the end of a crash loop (the supervisor's log). */
  onEvent: (event: SupervisorEvent) => void;
  /** Told of each new incarnation, so its users (URLs, pids) follow it. */
  onStarted?: (process: T) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** More crashes than this within `crashWindowMs` is a crash loop. */
  crashLimit?: number;
  crashWindowMs?: number;
}

export interface Supervisor<T extends SupervisedProcess> {
  readonly name: string;
  /** The running incarnation (the last one started). */
  current(): T;
  /** How many times it was started again after a crash. */
  restarts(): number;
  /** Resolves when the supervisor gives up (crash loop), with the reason; never if it is stopped. */
  gaveUp: Promise<string>;
  stop(): Promise<void>;
}

export const DEFAULT_SUPERVISION = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  crashLimit: 5,
  crashWindowMs: 60_000,
};

export function restartDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Starts the first incarnation (its failure is the caller's) and watches it and its successors. */
export async function supervise<T extends SupervisedProcess>(
  options: SupervisorOptions<T>,
): Promise<Supervisor<T>> {
  const settings = {
    baseDelayMs: options.baseDelayMs ?? DEFAULT_SUPERVISION.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_SUPERVISION.maxDelayMs,
    crashLimit: options.crashLimit ?? DEFAULT_SUPERVISION.crashLimit,
    crashWindowMs: options.crashWindowMs ?? DEFAULT_SUPERVISION.crashWindowMs,
  };
  let current = await options.start();
  options.onStarted?.(current);
  let stopping = false;
  let restarts = 0;
  const crashes: number[] = [];
  let wake: (() => void) | undefined;
  let giveUp: (reason: string) => void = () => undefined;
  const gaveUp = new Promise<string>((resolve) => (giveUp = resolve));

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const watch = async (): Promise<void> => {
    for (;;) {
      const exit = await current.exited;
      if (stopping) return;
      const crashedAt = Date.now();
      options.onEvent({ kind: 'crashed', name: options.name, pid: current.pid, exit, at: crashedAt });
      crashes.push(crashedAt);
      let lastFailure = `last exit: ${exit}`;
      for (let attempt = 1; ; attempt += 1) {
        // Only the crashes of the last window count: a slow start long ago is not a loop now.
        const now = Date.now();
        while (crashes.length > 0 && (crashes[0] ?? 0) < now - settings.crashWindowMs) crashes.shift();
        if (crashes.length > settings.crashLimit) {
          const reason =
            `${options.name} crashed ${crashes.length} times within ${settings.crashWindowMs / 1000} s ` +
            `(${lastFailure}); not restarting it again: this is a crash loop, see its output above`;
          options.onEvent({
            kind: 'gave-up',
            name: options.name,
            crashes: crashes.length,
            windowMs: settings.crashWindowMs,
            reason,
            at: Date.now(),
          });
          giveUp(reason);
          return;
        }
        const delayMs = restartDelayMs(crashes.length, settings.baseDelayMs, settings.maxDelayMs);
        options.onEvent({ kind: 'restarting', name: options.name, attempt, delayMs, at: Date.now() });
        await sleep(delayMs);
        if (stopping) return;
        try {
          current = await options.start();
        } catch (error) {
          // A failed start counts as another crash: the loop limit applies to it too.
          options.onEvent({
            kind: 'restart-failed',
            name: options.name,
            attempt,
            error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
            at: Date.now(),
          });
          crashes.push(Date.now());
          lastFailure = `last start failed: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`;
          continue;
        }
        if (stopping) {
          await current.stop();
          return;
        }
        restarts += 1;
        options.onStarted?.(current);
        options.onEvent({
          kind: 'restarted',
          name: options.name,
          pid: current.pid,
          downMs: Date.now() - crashedAt,
          at: Date.now(),
        });
        break;
      }
    }
  };
  const watching = watch();

  return {
    name: options.name,
    current: () => current,
    restarts: () => restarts,
    gaveUp,
    stop: async () => {
      stopping = true;
      wake?.();
      await current.stop();
      await watching;
    },
  };
}

/** One line for the terminal per supervisor event. */
export function describeSupervisorEvent(event: SupervisorEvent): string {
  switch (event.kind) {
    case 'crashed':
      return `supervisor: ${event.name} (pid ${event.pid}) exited unexpectedly (${event.exit})`;
    case 'restarting':
      return `supervisor: restarting ${event.name} in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt})`;
    case 'restarted':
      return `supervisor: ${event.name} is back (pid ${event.pid}) after ${(event.downMs / 1000).toFixed(1)} s`;
    case 'restart-failed':
      return `supervisor: ${event.name} did not start (attempt ${event.attempt}): ${event.error}`;
    case 'gave-up':
      return `supervisor: ${event.reason}`;
  }
}
