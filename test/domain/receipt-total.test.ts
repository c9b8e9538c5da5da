import { describe, expect, it } from 'vitest';
import { amountInWords, compareAmountInWords, wordsSupport } from '../../domain/receipt-amount-words';
import { MIN_FIELD_CONFIDENCE } from '../../domain/receipt-reading';
import { decideTotal } from '../../domain/receipt-total';

describe('receipt total: the amount in words (大写) as a check on the figures', () => {
  it.each([
    [10854, '壹佰零捌元伍角肆分'],
    [2000, '贰拾元整'],
    [1005000, '壹万零伍拾元整'],
    [40007, '肆佰元零柒分'],
    [320050, '叁仟贰佰元伍角'],
  ])('%i fen prints as %s', (fen, words) => expect(amountInWords(fen)).toBe(words));

  it('takes an unreadable character for a gap, and 参 for 叁', () => {
    // OCR of 柒佰陆拾捌元伍角伍分 as actually read from a JPEG receipt.
    const c = compareAmountInWords('类佰陆拾拥元伍角伍分', 76855);
    expect(c.contradicted).toBe(false);
    expect(c.matched.filter((m) => !m).length).toBe(2);
    expect(compareAmountInWords('伍佰肆拾贰元肆角参分', 54243).matched.every(Boolean)).toBe(true);
  });

  it('knows a different capital for a contradiction, not a gap', () => {
    expect(compareAmountInWords('陆佰陆拾捌元伍角伍分', 76855).contradicted).toBe(true);
    // Figures that lost a digit (¥7 read as nothing): the words have a 佰 the figures do not.
    expect(compareAmountInWords('柒佰陆拾捌元伍角伍分', 6855).contradicted).toBe(true);
  });

  it('counts a character as read when any of several reads has it', () => {
    expect(wordsSupport(['贰佰吉拾陆元数角肆分', '贰佰壹拾陆元角肆分'], 21674)).toEqual({
      gaps: 1,
      contradicted: false,
    });
  });
});

describe('receipt total: trusted only when something independent confirms it', () => {
  it('figures the words confirm: 0.99, less per character the words do not confirm', () => {
    expect(
      decideTotal({
        figures: [{ fen: 10854, confidence: 0.6 }],
        words: [{ text: '壹佰零捌元伍角肆分', confidence: 0.9 }],
      }),
    ).toEqual({
      value: 10854,
      confidence: 0.99,
    });
    expect(
      decideTotal({
        figures: [{ fen: 21674, confidence: 0.6 }],
        words: [{ text: '贰佰壹拾陆元数角肆分', confidence: 0.5 }],
      }),
    ).toEqual({
      value: 21674,
      confidence: 0.89,
    });
  });

  it('a single read of the figures with nothing to confirm it stays below the review bar', () => {
    const total = decideTotal({ figures: [{ fen: 4056, confidence: 0.97 }], words: [] });
    expect(total.value).toBe(4056);
    expect(total.confidence).toBeLessThan(MIN_FIELD_CONFIDENCE);
  });

  it('figures that lost a digit in the "¥": the words and the items agree on the real total', () => {
    const total = decideTotal({
      figures: [{ fen: 4243, confidence: 0.81 }],
      words: [{ text: '伍佰肆拾贰元肆角参分', confidence: 0.5 }],
      itemsSum: 54243,
    });
    expect(total).toEqual({ value: 54243, confidence: 0.95 });
  });

  it('two readings of the figures the words cannot tell apart: in doubt, unless the items decide', () => {
    const evidence = {
      figures: [
        { fen: 7232, confidence: 0.89 },
        { fen: 1232, confidence: 0.52 },
      ],
      words: [{ text: '类拾贰元参角贰分', confidence: 0.3 }],
    };
    expect(decideTotal(evidence).confidence).toBeLessThan(MIN_FIELD_CONFIDENCE);
    expect(decideTotal({ ...evidence, itemsSum: 7232 })).toEqual({ value: 7232, confidence: 0.99 });
  });

  it('never makes the total up from the items alone', () => {
    expect(decideTotal({ figures: [], words: [], itemsSum: 12300 })).toEqual({ value: null, confidence: 0 });
  });
});
