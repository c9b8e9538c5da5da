import { seededRandom } from '../../domain/seeded-random';
import type { ProcessName } from '../processes/supervised-tree';

/**
 * When the chaos run kills what: each process of the tree K times, at moments drawn from the
 * seed and spread over the batch. A moment is a share of the batch settled (paid, rejected or
 * in the clerk queue) rather than a clock time, so a slow machine gets the same kills in the
 * same phases of the run as a fast one.
 */
export interface PlannedKill {
  process: ProcessName;
  /** Kill once this share (0–1) of the batch has settled. */
  atSettledShare: number;
}

/** Kills fall between 5 % and 85 % settled: during the run, never only at its edges. */
const EARLIEST = 0.05;
const LATEST = 0.85;

export function planKills(seed: string, killsEach: number, processes: readonly ProcessName[]): PlannedKill[] {
  const rand = seededRandom(`crossclaim-chaos/${seed}`).fork('kills');
  const kills = processes.flatMap((process) =>
    Array.from({ length: killsEach }, () => ({
      process,
      atSettledShare: EARLIEST + rand.next() * (LATEST - EARLIEST),
    })),
  );
  return kills.sort((a, b) => a.atSettledShare - b.atSettledShare);
}
