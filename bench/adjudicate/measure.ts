import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection before each timed round, so the garbage one subject leaves
 * (json-rules-engine leaves a lot) is not collected on the next subject's clock. The npm
 * script runs node without --expose-gc; V8 lets a running process turn it on.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Something to time: one round adjudicates `casesPerRound` claims, synchronously or not. */
export interface BenchSubject {
  name: string;
  casesPerRound: number;
  runRound(): unknown;
}

export interface SubjectResult {
  name: string;
  /** Throughput of each timed round, in the order they ran. */
  casesPerSecond: number[];
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, in percent: how much the rounds disagree. */
  spreadPct: number;
}

export interface MeasureOptions {
  warmupRounds: number;
  rounds: number;
  /** Called after each timed round, for progress output. */
  onRound?: (round: number, results: readonly { name: string; casesPerSecond: number }[]) => void;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) throw new RangeError('median of no values');
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function timeRound(subject: BenchSubject): Promise<number> {
  collectGarbage();
  const start = performance.now();
  // Awaiting a plain value costs one microtask, nothing next to a round of hundreds of ms.
  await subject.runRound();
  const seconds = (performance.now() - start) / 1000;
  return subject.casesPerRound / seconds;
}

/**
 * Warms every subject up (so the JIT has compiled the hot paths), then times the subjects in
 * turn, round after round. Interleaving rather than timing one subject's rounds and then the
 * other's keeps a slow drift of the machine (thermal, a neighbour on a shared host) from
 * landing on one subject only.
 */
export async function measureInterleaved(
  subjects: readonly BenchSubject[],
  options: MeasureOptions,
): Promise<SubjectResult[]> {
  for (let round = 0; round < options.warmupRounds; round++) {
    for (const subject of subjects) await subject.runRound();
  }
  const samples = subjects.map(() => [] as number[]);
  for (let round = 1; round <= options.rounds; round++) {
    const thisRound: { name: string; casesPerSecond: number }[] = [];
    for (const [index, subject] of subjects.entries()) {
      const casesPerSecond = await timeRound(subject);
      samples[index]?.push(casesPerSecond);
      thisRound.push({ name: subject.name, casesPerSecond });
    }
    options.onRound?.(round, thisRound);
  }
  return subjects.map((subject, index) => {
    const casesPerSecond = samples[index] ?? [];
    const mid = median(casesPerSecond);
    const min = Math.min(...casesPerSecond);
    const max = Math.max(...casesPerSecond);
    return {
      name: subject.name,
      casesPerSecond,
      median: mid,
      min,
      max,
      spreadPct: ((max - min) / mid) * 100,
    };
  });
}

/**
 * How many passes over the claims make one round last about `targetMs`: a fast engine goes
 * through the claims in a few ms, too short a window for a timer and a GC pause to average out.
 */
export function passesForRound(runPass: () => unknown, targetMs: number): number {
  const start = performance.now();
  runPass();
  const passMs = Math.max(performance.now() - start, 0.001);
  return Math.max(1, Math.ceil(targetMs / passMs));
}
