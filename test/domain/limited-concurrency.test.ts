import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../domain/limited-concurrency';

/** Resolves after `ms`. */
const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('forEachLimited: a pool of equal tasks under one bound', () => {
  it('does every item once, never more than `runs` at once, and reaches that many', async () => {
    const done: number[] = [];
    let running = 0;
    let most = 0;
    await forEachLimited([5, 1, 4, 2, 3, 0, 2], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await tick(ms);
      running--;
      done.push(ms);
    });
    expect(done.slice().sort()).toEqual([0, 1, 2, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('runs one at a time, in order, when the bound is 1', async () => {
    const order: number[] = [];
    let running = 0;
    await forEachLimited([3, 0, 2, 1], 1, async (ms) => {
      expect(running).toBe(0);
      running++;
      await tick(ms);
      order.push(ms);
      running--;
    });
    expect(order).toEqual([3, 0, 2, 1]);
  });

  it('passes a failure on once the others are done, and does nothing with no items', async () => {
    const done: number[] = [];
    await expect(
      forEachLimited([1, 2, 3, 4], 2, async (n) => {
        if (n === 2) throw new Error('first');
        if (n === 3) throw new Error('second');
        await tick(5);
        done.push(n);
      }),
    ).rejects.toThrow('first');
    expect(done.sort()).toEqual([1, 4]);
    await expect(
      forEachLimited([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('model failed');
        await tick(1);
      }),
    ).rejects.toThrow('model failed');
    let calls = 0;
    await forEachLimited([], 2, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
