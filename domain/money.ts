/**
 * Money is integer fen (1 yuan = 100 fen), never floating point.
 *
 * Rounding happens in exactly one place, `mulDivHalfUp`: a product of integers divided by a
 * positive integer, rounded half up (0.5 fen → 1 fen). The engine calls it once per item
 * line and sums lines for totals, so totals never need rounding of their own.
 */
export type Fen = number;

/** The largest amount the system accepts: 1 billion yuan keeps every product below 2^53. */
export const MAX_FEN = 100_000_000_000;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_FEN;
}

/**
 * value × numerator ÷ denominator, rounded half up, for non-negative integers.
 * Exact: the intermediate product stays below 2^53 for amounts up to MAX_FEN and
 * ratios expressed in basis points.
 */
export function mulDivHalfUp(value: Fen, numerator: number, denominator: number): Fen {
  if (
    !Number.isSafeInteger(value) ||
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator)
  ) {
    throw new RangeError(`mulDivHalfUp needs integers, got ${value} × ${numerator} ÷ ${denominator}`);
  }
  if (value < 0 || numerator < 0 || denominator <= 0) {
    throw new RangeError(
      `mulDivHalfUp needs non-negative operands, got ${value} × ${numerator} ÷ ${denominator}`,
    );
  }
  const product = value * numerator;
  if (!Number.isSafeInteger(product)) throw new RangeError(`amount too large: ${value} × ${numerator}`);
  const quotient = Math.floor(product / denominator);
  const remainder = product - quotient * denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/** Percent (integer or basis points) of an amount, half up. */
export function percentOf(value: Fen, pct: number): Fen {
  return mulDivHalfUp(value, pct, 100);
}

const YUAN_PATTERN = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount as people write it ("20000", "20,000.00", "¥1,500.5") into fen,
 * by string arithmetic so no binary fraction ever appears. Throws on anything else.
 */
export function parseYuan(text: string): Fen {
  const cleaned = text.trim().replace(/^[¥￥]\s*/, '');
  const match = YUAN_PATTERN.exec(cleaned);
  if (!match) throw new RangeError(`not a yuan amount: "${text}"`);
  const [, minus, whole = '0', fraction = ''] = match;
  const fen = Number(whole.replaceAll(',', '')) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new RangeError(`yuan amount too large: "${text}"`);
  return minus ? -fen : fen;
}

/**
 * 14706 → "14,706". By hand rather than toLocaleString: explanations format ~10 amounts per
 * line, and the locale machinery was half of the engine's time (bench/README.md).
 */
function groupThousands(whole: number): string {
  const digits = String(whole);
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    out = out === '' ? digits.slice(start, end) : `${digits.slice(start, end)},${out}`;
  }
  return out;
}

/** 1470600 → "14,706.00"; negative amounts keep their sign. */
export function formatYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not integer fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${sign}${groupThousands(Math.floor(abs / 100))}.${cents < 10 ? '0' : ''}${cents}`;
}

/** 1470600 → "¥14,706.00", the form citizens read in explanations. */
export function formatYuanSign(fen: Fen): string {
  return fen < 0 ? `-¥${formatYuan(-fen)}` : `¥${formatYuan(fen)}`;
}

/** Sums integer fen and refuses anything that is not. */
export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`not integer fen: ${v}`);
    total += v;
  }
  return total;
}
