import { describe, expect, it } from 'vitest';
import { combineEngineReadings, needsSecondEngine } from '../../domain/receipt-cascade';
import { checkReading, CORRECTED_NAME, matchHospital } from '../../domain/receipt-checks';
import { MIN_FIELD_CONFIDENCE, type ReceiptReading } from '../../domain/receipt-reading';

const sure = <T>(value: T, confidence = 0.97) => ({ value, confidence });

function reading(overrides: Partial<ReceiptReading> = {}): ReceiptReading {
  return {
    billBatchCode: sure('32041126'),
    billNo: sure('0001737722'),
    checkCode: sure('487a8e'),
    issueDate: sure('2026-05-16'),
    hospitalName: sure('常州市测试第一人民医院 (test)'),
    payerName: sure('测试患者0025'),
    totalAmtFen: sure(35760, 0.99),
    items: [],
    source: 'tesseract',
    ...overrides,
  };
}

const hospitals = [
  { name: '常州市测试第一人民医院 (test)', code: 'H32041100123' },
  { name: '常州市测试第二人民医院 (test)', code: 'H32041200456' },
  { name: '上海市闵行区测试中心医院 (test)', code: 'H31011200789' },
];
const context = { today: '2026-12-03', hospitals };
const trusted = (c: number) => c >= MIN_FIELD_CONFIDENCE;

describe('receipt fields are trusted only when their own checks agree', () => {
  it('keeps a reading whose every check holds', () => {
    const checked = checkReading(reading(), context);
    expect(
      Object.values(checked).filter(
        (f) => typeof f === 'object' && 'confidence' in f && !trusted(f.confidence),
      ),
    ).toEqual([]);
  });

  it('does not trust a bill code whose year is not the issue date’s, or whose district is not the hospital’s', () => {
    expect(
      trusted(checkReading(reading({ billBatchCode: sure('32041125') }), context).billBatchCode.confidence),
    ).toBe(false);
    expect(
      trusted(checkReading(reading({ billBatchCode: sure('32041226') }), context).billBatchCode.confidence),
    ).toBe(false);
    // Without a date to check the year against, the code is not trusted on its own.
    expect(
      trusted(
        checkReading(reading({ issueDate: { value: null, confidence: 0 } }), context).billBatchCode
          .confidence,
      ),
    ).toBe(false);
  });

  it('does not trust a date after today or older than the claim window, nor codes out of format', () => {
    expect(
      trusted(checkReading(reading({ issueDate: sure('2026-12-04') }), context).issueDate.confidence),
    ).toBe(false);
    expect(
      trusted(checkReading(reading({ issueDate: sure('2023-05-16') }), context).issueDate.confidence),
    ).toBe(false);
    expect(trusted(checkReading(reading({ billNo: sure('000173772') }), context).billNo.confidence)).toBe(
      false,
    );
    expect(trusted(checkReading(reading({ checkCode: sure('487a8g') }), context).checkCode.confidence)).toBe(
      false,
    );
  });

  it('trusts a hospital name only from the registry; one character off from exactly one name is that name, just trusted', () => {
    const unknown = checkReading(reading({ hospitalName: sure('杭州市测试医院 (test)') }), context);
    expect(trusted(unknown.hospitalName.confidence)).toBe(false);
    const misread = checkReading(
      reading({ hospitalName: sure('上海市闵行区测试中心医院 (test)'.replace('闵', '阅')) }),
      context,
    );
    expect(misread.hospitalName).toEqual({
      value: '上海市闵行区测试中心医院 (test)',
      confidence: CORRECTED_NAME,
    });
    // 第一 / 第二: one character from two registered names, so neither.
    expect(matchHospital('常州市测试第三人民医院 (test)', hospitals)).toBeUndefined();
  });

  it('does not trust a payer name holding a label or with unpaired brackets', () => {
    for (const name of ['交款人测试患者', '测试患者(0025', '收款人'])
      expect(trusted(checkReading(reading({ payerName: sure(name) }), context).payerName.confidence)).toBe(
        false,
      );
  });

  it('leaves a QR reading alone (the code is the e-bill’s own)', () => {
    const qr = reading({ source: 'qr', hospitalName: { value: null, confidence: 0 } });
    expect(checkReading(qr, context)).toBe(qr);
  });
});

describe('two engines on one page (the cascade)', () => {
  it('asks the second engine only when a field is left untrusted', () => {
    expect(needsSecondEngine(reading())).toBe(false);
    expect(needsSecondEngine(reading({ checkCode: sure('487a8e', 0.6) }))).toBe(true);
    expect(needsSecondEngine(reading({ payerName: { value: null, confidence: 0 } }))).toBe(true);
  });

  it('two engines that agree are surer than either; two that disagree go to a clerk, even if one was sure', () => {
    const first = reading({ checkCode: sure('487a8e', 0.6), billNo: sure('0001737722', 0.95) });
    const second = reading({
      checkCode: sure('487a8e', 0.9),
      billNo: sure('0001737723', 0.99),
      source: 'paddle',
    });
    const combined = combineEngineReadings(first, second);
    expect(combined.checkCode).toEqual({ value: '487a8e', confidence: 0.96 });
    expect(trusted(combined.billNo.confidence)).toBe(false);
    expect(combined.source).toBe('tesseract+paddle');
  });

  it('does not add up two agreeing reads when one failed its checks', () => {
    const first = reading({ issueDate: sure('2026-12-04', 0.5) });
    const second = reading({ issueDate: sure('2026-12-04', 0.99) });
    expect(trusted(combineEngineReadings(first, second).issueDate.confidence)).toBe(false);
  });
});
