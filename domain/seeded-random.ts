/**
 * A small seeded pseudo-random generator, so that generated test data (hospitals, patients,
 * e-bills) is the same on every machine for the same seed.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) with the seed stretched by
 * cyrb128. We write our own rather than use fast-check's `pure-rand`: that one is only a
 * transitive dependency here, and this needs twenty lines. Not for anything secret.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** true with probability p. */
  chance(p: number): boolean;
  /** n random lowercase hex digits. */
  hex(length: number): string;
  /** n random decimal digits (leading zeros kept). */
  digits(length: number): string;
  /** The array in a random order (a copy). */
  shuffle<T>(items: readonly T[]): T[];
  /**
   * An independent generator derived from this seed and a label: adding draws in one part of
   * a generator (say, the patients) does not shift the numbers another part (the bills) sees.
   */
  fork(label: string): SeededRandom;
}

export type Seed = number | string;

const UINT32 = 2 ** 32;

export function seededRandom(seed: Seed): SeededRandom {
  const seedText = String(seed);
  let [a, b, c, d] = cyrb128(seedText);

  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // The first draws of sfc32 still show the seed's structure; the authors discard a few.
  for (let i = 0; i < 15; i++) nextUint32();

  const next = (): number => nextUint32() / UINT32;

  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): need safe integers with min <= max`);
    }
    const span = max - min + 1;
    if (span > UINT32) throw new RangeError(`int(${min}, ${max}): range wider than 2^32`);
    return min + Math.floor(next() * span);
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[int(0, items.length - 1)] as T;
  };

  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  };

  return {
    next,
    int,
    pick,
    chance: (p) => next() < p,
    hex: (length) => Array.from({ length }, () => int(0, 15).toString(16)).join(''),
    digits: (length) => Array.from({ length }, () => String(int(0, 9))).join(''),
    shuffle,
    fork: (label) => seededRandom(`${seedText}/${label}`),
  };
}

/** cyrb128: a fast string hash giving four 32-bit words, enough state for sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
