import cliProgress from 'cli-progress';
import { isPaid, isQueued, isTerminal, type ClaimOutcome } from './outcome';

/** The counts the progress bar shows, from the claims as last read. */
export interface ProgressCounts {
  done: number;
  submitted: number;
  paid: number;
  rejected: number;
  inQueue: number;
  waitingForBill: number;
}

export function progressCounts(outcomes: readonly ClaimOutcome[]): ProgressCounts {
  return {
    done: outcomes.filter(isTerminal).length,
    submitted: outcomes.filter((o) => o.claimId !== undefined).length,
    paid: outcomes.filter(isPaid).length,
    rejected: outcomes.filter((o) => o.last?.status === 'REJECTED').length,
    inQueue: outcomes.filter(isQueued).length,
    waitingForBill: outcomes.filter((o) => o.last?.status === 'WAITING_FOR_EBILL').length,
  };
}

export interface DemoProgress {
  update(counts: ProgressCounts, ratePerSecond: number | undefined): void;
  stop(): void;
}

/**
 * A cli-progress bar on stderr: done/total, then paid, rejected, in the clerk queue, waiting
 * for a hospital's e-bill, and the rate of claims done. Off a terminal (a log file, a test) it
 * prints a line every few seconds instead of redrawing.
 */
export function startProgress(total: number, note?: () => string): DemoProgress {
  const bar = new cliProgress.SingleBar(
    {
      format:
        'claims {bar} {value}/{total} done | submitted {submitted} | paid {paid} | rejected {rejected} | ' +
        'in queue {inQueue} | waiting for e-bill {waitingForBill} | {rate} claims/s | {duration_formatted}' +
        (note ? ' | {note}' : ''),
      barsize: 24,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, {
    submitted: 0,
    paid: 0,
    rejected: 0,
    inQueue: 0,
    waitingForBill: 0,
    rate: '–',
    note: note?.() ?? '',
  });
  return {
    update(counts, rate) {
      bar.update(counts.done, {
        ...counts,
        rate: rate === undefined ? '–' : rate.toFixed(1),
        note: note?.() ?? '',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
