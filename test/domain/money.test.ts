import { describe, expect, it } from 'vitest';
import {
  formatYuan,
  formatYuanSign,
  isFen,
  mulDivHalfUp,
  parseYuan,
  percentOf,
  sumFen,
} from '../../domain/money';

describe('money: integer fen', () => {
  it('rounds half up, once, to the fen', () => {
    expect(mulDivHalfUp(1, 50, 100)).toBe(1); // 0.5 → 1
    expect(mulDivHalfUp(3, 50, 100)).toBe(2); // 1.5 → 2
    expect(mulDivHalfUp(4, 10, 100)).toBe(0); // 0.4 → 0
    expect(mulDivHalfUp(920001, 5300, 10000)).toBe(487601); // 487600.53 → 487601
    expect(mulDivHalfUp(920000, 5300, 10000)).toBe(487600); // exact
    expect(percentOf(600000, 10)).toBe(60000);
  });

  it('refuses fractions and negatives instead of guessing', () => {
    expect(() => mulDivHalfUp(1.5, 10, 100)).toThrow(RangeError);
    expect(() => mulDivHalfUp(-1, 10, 100)).toThrow(RangeError);
    expect(() => mulDivHalfUp(1, 10, 0)).toThrow(RangeError);
    expect(() => sumFen([1, 0.1])).toThrow(RangeError);
    expect(isFen(100)).toBe(true);
    expect(isFen(-1)).toBe(false);
    expect(isFen(0.5)).toBe(false);
  });

  it('parses yuan as people write it, without floating point', () => {
    expect(parseYuan('20,000.00')).toBe(2000000);
    expect(parseYuan('¥1,500.5')).toBe(150050);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('19.99')).toBe(1999); // 19.99 * 100 is 1998.9999… in binary floating point
    expect(parseYuan('-3')).toBe(-300);
    expect(() => parseYuan('1.234')).toThrow(/not a yuan amount/);
    expect(() => parseYuan('12,34')).toThrow(/not a yuan amount/);
    expect(() => parseYuan('abc')).toThrow(/not a yuan amount/);
  });

  it('formats fen as yuan with separators', () => {
    expect(formatYuan(1470600)).toBe('14,706.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuanSign(60000)).toBe('¥600.00');
    expect(formatYuanSign(-60000)).toBe('-¥600.00');
  });
});
