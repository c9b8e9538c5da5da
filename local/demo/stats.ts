/**
 * Summary statistics of a run. Percentiles use the nearest-rank method (the smallest value
 * with at least p% of the values at or below it): every reported latency is one a claim
 * really had, with no interpolation between two claims.
 */

export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}

export interface LatencySummary {
  count: number;
  p50Ms?: number;
  p95Ms?: number;
  maxMs?: number;
}

export function latencySummary(values: readonly number[]): LatencySummary {
  return {
    count: values.length,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    maxMs: values.length > 0 ? Math.max(...values) : undefined,
  };
}

/** Claims per second over a wall time; undefined when no time has passed. */
export function ratePerSecond(count: number, wallMs: number): number | undefined {
  return wallMs > 0 ? (count * 1000) / wallMs : undefined;
}

/** 1234 → '1.2 s', 64000 → '64.0 s'; undefined → '–'. */
export function formatSeconds(ms: number | undefined): string {
  return ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;
}
