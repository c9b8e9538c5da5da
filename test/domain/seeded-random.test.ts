import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../domain/seeded-random';

const draws = (seed: number | string, n = 20): number[] => {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => rand.next());
};

describe('seededRandom: reproducible test data', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(draws('demo')).toEqual(draws('demo'));
    expect(draws(42)).toEqual(draws('42'));
    expect(draws('demo')).not.toEqual(draws('demo2'));
  });

  it('draws floats in [0, 1)', () => {
    const xs = draws('range', 10_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('draws integers in [min, max], both ends reached, roughly evenly', () => {
    const rand = seededRandom('int');
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const n = rand.int(-1, 4);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-1, 0, 1, 2, 3, 4]);
    for (const count of counts.values()) expect(count).toBeGreaterThan(9_000); // 10,000 expected each
    expect(() => rand.int(3, 2)).toThrow(RangeError);
    expect(() => rand.int(0, 1.5)).toThrow(RangeError);
  });

  it('picks from an array, and refuses an empty one', () => {
    const rand = seededRandom('pick');
    const picked = new Set(Array.from({ length: 200 }, () => rand.pick(['a', 'b', 'c'])));
    expect(picked).toEqual(new Set(['a', 'b', 'c']));
    expect(() => rand.pick([])).toThrow(RangeError);
  });

  it('says yes with the probability asked for', () => {
    const rand = seededRandom('chance');
    const yes = Array.from({ length: 10_000 }, () => rand.chance(0.3)).filter(Boolean).length;
    expect(yes).toBeGreaterThan(2_800);
    expect(yes).toBeLessThan(3_200);
    expect(rand.chance(0)).toBe(false);
    expect(rand.chance(1)).toBe(true);
  });

  it('makes hex and digit strings of the length asked for', () => {
    const rand = seededRandom('strings');
    expect(rand.hex(6)).toMatch(/^[0-9a-f]{6}$/);
    expect(rand.digits(10)).toMatch(/^\d{10}$/);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = seededRandom('shuffle').shuffle(input);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(input);
    expect(shuffled).not.toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('forks independent streams: draws on the parent do not shift a fork', () => {
    const a = seededRandom('root');
    const b = seededRandom('root');
    b.next();
    b.next();
    expect(a.fork('bills').next()).toBe(b.fork('bills').next());
    expect(seededRandom('root').fork('bills').next()).not.toBe(seededRandom('root').fork('patients').next());
  });
});
