import { performance } from 'node:perf_hooks';
import type { OperationContext } from './operations';

export interface Measurement {
  concurrency: number;
  operations: number;
  errors: number;
  opsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * Runs `operation` from `concurrency` workers, each sending its next request as soon as the last
 * one answered, for `warmupMs` (not counted) then `durationMs` (counted). Closed loop on purpose:
 * it finds what the store sustains, which is what a batch of claims meets.
 */
export async function measure(
  operation: (context: OperationContext) => Promise<unknown>,
  context: OperationContext,
  { concurrency, warmupMs, durationMs }: { concurrency: number; warmupMs: number; durationMs: number },
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const countFrom = start + warmupMs;
  const end = countFrom + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      let failed = false;
      try {
        await operation(context);
      } catch {
        failed = true;
      }
      const answered = performance.now();
      if (sent >= countFrom && answered <= end) {
        if (failed) errors++;
        else latencies.push(answered - sent);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    operations: latencies.length,
    errors,
    opsPerSecond: latencies.length / (durationMs / 1000),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
  };
}
