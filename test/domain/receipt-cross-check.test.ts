import { describe, expect, it } from 'vitest';
import {
  applyCrossChecks,
  CROSS_CHECKED,
  crossCheckField,
  regionsToCrossCheck,
} from '../../domain/receipt-cross-check';
import { MIN_FIELD_CONFIDENCE, type ReceiptReading } from '../../domain/receipt-reading';

const sure = <T>(value: T, confidence = 0.97) => ({ value, confidence });
const trusted = (c: number) => c >= MIN_FIELD_CONFIDENCE;

function reading(overrides: Partial<ReceiptReading> = {}): ReceiptReading {
  return {
    billBatchCode: sure('32041126'),
    billNo: sure('0001737722'),
    checkCode: sure('487a8e'),
    issueDate: sure('2026-05-16'),
    hospitalName: sure('常州市测试第一人民医院 (test)'),
    payerName: sure('测试惠者0040'),
    totalAmtFen: sure(35760, 0.99),
    items: [],
    source: 'paddle',
    ...overrides,
  };
}

const box = { x0: 0, y0: 0, x1: 10, y1: 10 };

describe('the cascade cross-checks the fields a check cannot catch', () => {
  it('asks for the payer, the bill number and the check code only, once each, when they have a value', () => {
    const regions = [
      { field: 'payerName' as const, box },
      { field: 'payerName' as const, box: { ...box, x0: 5 } },
      { field: 'billNo' as const, box },
      { field: 'hospitalName' as const, box },
      { field: 'totalFigures' as const, box },
      { field: 'checkCode' as const, box },
    ];
    expect(regionsToCrossCheck(reading(), regions).map((r) => [r.field, r.box.x0])).toEqual([
      ['payerName', 0],
      ['billNo', 0],
      ['checkCode', 0],
    ]);
    const noCode = reading({ checkCode: { value: null, confidence: 0 } });
    expect(regionsToCrossCheck(noCode, regions).map((r) => r.field)).not.toContain('checkCode');
    expect(CROSS_CHECKED).toEqual(['payerName', 'billNo', 'checkCode']);
  });

  it('puts a sure but misread name in doubt when the other engine reads something else (惠 for 患)', () => {
    const checked = crossCheckField(sure('测试惠者0040', 0.98), {
      text: '人: 测试患者0040',
      confidence: 0.9,
    });
    expect(checked.value).toBe('测试惠者0040');
    expect(trusted(checked.confidence)).toBe(false);
  });

  it('confirms a value the other engine read inside its box, label residue and spaces around it', () => {
    const checked = crossCheckField(sure('测试患者0040', 0.9), {
      text: '人：测试 患者0040',
      confidence: 0.6,
    });
    expect(checked).toEqual({ value: '测试患者0040', confidence: 0.96 });
    expect(
      crossCheckField(sure('0001737722', 0.97), { text: '10001737722', confidence: 0.8 }).confidence,
    ).toBe(0.99);
  });

  it('never lifts a value that failed its own check, and leaves a field it was not given alone', () => {
    expect(crossCheckField(sure('487a8e', 0.5), { text: '487a8e', confidence: 0.99 })).toEqual(
      sure('487a8e', 0.5),
    );
    const out = applyCrossChecks(reading(), { checkCode: { text: '487a8f', confidence: 0.99 } });
    expect(trusted(out.checkCode.confidence)).toBe(false);
    expect(out.payerName).toEqual(reading().payerName);
    expect(out.billNo).toEqual(reading().billNo);
  });
});
