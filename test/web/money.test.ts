import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToInput, formatFen, parseYuan } from '../../web/src/money';

describe('web pages: money is integer fen, shown as yuan by cutting digits', () => {
  it('formats fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(10854)).toBe('¥108.54');
    expect(formatFen(137017100)).toBe('¥1,370,171.00');
    expect(formatFen(-250)).toBe('-¥2.50');
    expect(formatFen(0.5)).toBe('—');
  });

  it('reads what a clerk types back to the same fen, for every amount', () => {
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('12.3')).toBe(1230);
    expect(parseYuan(' 0.07 ')).toBe(7);
    expect(parseYuan('1,000')).toBeUndefined();
    expect(parseYuan('1.234')).toBeUndefined();
    expect(parseYuan('-1')).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (fen) => parseYuan(fenToInput(fen)) === fen),
    );
  });
});
