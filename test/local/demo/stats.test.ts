import { describe, expect, it } from 'vitest';
import { formatSeconds, latencySummary, percentile, ratePerSecond } from '../../../local/demo/stats';

describe('demo statistics', () => {
  it('takes percentiles by nearest rank: a value some claim really had', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([4, 1, 3, 2], 95)).toBe(4);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });

  it('summarises latencies and rates', () => {
    expect(latencySummary([3000, 1000, 2000])).toEqual({ count: 3, p50Ms: 2000, p95Ms: 3000, maxMs: 3000 });
    expect(latencySummary([])).toEqual({ count: 0 });
    expect(ratePerSecond(200, 40_000)).toBe(5);
    expect(ratePerSecond(1, 0)).toBeUndefined();
    expect(formatSeconds(1234)).toBe('1.2 s');
    expect(formatSeconds(undefined)).toBe('–');
  });
});
