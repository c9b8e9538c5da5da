import { describe, expect, it } from 'vitest';
import { doubtIsFolded, doubtsMatter, type DoubtfulChar } from '../../domain/ocr-doubt';

/** A line read with every character sure (0.99) but those given as [index, p, runnerUp]. */
function line(text: string, doubts: [number, number, string][] = []): DoubtfulChar[] {
  const chars = [...text].map((t) => ({ text: t, p: 0.99, runnerUp: '' }));
  for (const [i, p, runnerUp] of doubts) chars[i] = { text: chars[i]!.text, p, runnerUp };
  return chars;
}

describe('which doubts of a recognition model the extraction can see (domain/ocr-doubt.ts)', () => {
  it('folds a hesitation between the full- and half-width form of a bracket, colon, comma or yuan sign', () => {
    expect(doubtIsFolded(line('合计（大写）', [[2, 0.5, '(']]), 2)).toBe(true);
    expect(doubtIsFolded(line('校验码:b1', [[3, 0.6, '：']]), 3)).toBe(true);
    expect(doubtIsFolded(line('￥550.44', [[0, 0.5, '¥']]), 0)).toBe(true);
    expect(doubtIsFolded(line('7，674.98', [[1, 0.5, ',']]), 1)).toBe(true);
  });

  it('sees a hesitation between different characters, or over leaving a bracket out', () => {
    expect(doubtIsFolded(line('XNO2BEA04', [[2, 0.66, '0']]), 2)).toBe(false);
    expect(doubtIsFolded(line('测试惠者0054', [[2, 0.52, '患']]), 2)).toBe(false);
    expect(doubtIsFolded(line('550.44', [[3, 0.5, ',']]), 3)).toBe(false);
    expect(doubtIsFolded(line('合计(大写)', [[5, 0.5, '']]), 5)).toBe(false);
    // A yuan sign read as a Y or a question mark is not the same sign.
    expect(doubtIsFolded(line('Y614.92', [[0, 0.35, '￥']]), 0)).toBe(false);
  });

  it('folds a doubtful space only where normalizeLine drops it: between CJK characters, beside a colon', () => {
    expect(doubtIsFolded(line('测试 中心医院', [[2, 0.5, '']]), 2)).toBe(true);
    expect(doubtIsFolded(line('医院 (test)', [[2, 0.5, '']]), 2)).toBe(true);
    expect(doubtIsFolded(line('Date : 2026', [[4, 0.5, ' ']]), 4)).toBe(true);
    // Between Latin words or before digits a space is kept, so a doubt about it is seen.
    expect(doubtIsFolded(line('In figures', [[2, 0.5, '']]), 2)).toBe(false);
    expect(doubtIsFolded(line('测试患者 0063', [[4, 0.5, '']]), 4)).toBe(false);
    // A space that might have been a character is a doubt about that character.
    expect(doubtIsFolded(line('测试 中心', [[2, 0.5, '大']]), 2)).toBe(false);
  });

  it('has a line read again when one doubt below the bar is seen, whatever the folded ones', () => {
    expect(doubtsMatter(line('合计（大写）', [[2, 0.5, '(']]), 0.8)).toBe(false);
    expect(
      doubtsMatter(
        line('合计（大写）ZAO1', [
          [2, 0.5, '('],
          [8, 0.65, '0'],
        ]),
        0.8,
      ),
    ).toBe(true);
    // A seen doubt above the bar is no doubt; a line with no characters is always read again.
    expect(doubtsMatter(line('ZAO1', [[2, 0.85, '0']]), 0.8)).toBe(false);
    expect(doubtsMatter([], 0.8)).toBe(true);
  });
});
