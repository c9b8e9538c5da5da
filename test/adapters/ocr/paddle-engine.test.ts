import { describe, expect, it } from 'vitest';
import { inFlight } from '../../../adapters/ocr/paddle-engine';

/** Resolves after `ms`. */
const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('recognition runs in flight (inFlight)', () => {
  it('does every item once, never more than `runs` at once, and reaches that many', async () => {
    const done: number[] = [];
    let running = 0;
    let most = 0;
    await inFlight([5, 1, 4, 2, 3, 0, 2], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await tick(ms);
      running--;
      done.push(ms);
    });
    expect(done.slice().sort()).toEqual([0, 1, 2, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('runs one at a time, in order, when told 1', async () => {
    const order: number[] = [];
    let running = 0;
    await inFlight([3, 0, 2, 1], 1, async (ms) => {
      expect(running).toBe(0);
      running++;
      await tick(ms);
      order.push(ms);
      running--;
    });
    expect(order).toEqual([3, 0, 2, 1]);
  });

  it('passes a failure on, and does nothing with no items', async () => {
    await expect(
      inFlight([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('model failed');
        await tick(1);
      }),
    ).rejects.toThrow('model failed');
    let calls = 0;
    await inFlight([], 2, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
