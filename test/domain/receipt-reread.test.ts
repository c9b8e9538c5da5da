import { describe, expect, it } from 'vitest';
import { MIN_FIELD_CONFIDENCE } from '../../domain/receipt-reading';
import { applyRereads, combineReads } from '../../domain/receipt-reread';
import { extractReceiptEvidence, type OcrLine } from '../../domain/receipt-text';

/** An OCR line laid out left to right, 20 px a character, words split at spaces. */
function laidOut(text: string, y: number, confidence = 0.92): OcrLine {
  let x = 40;
  const words = text.split(/(\s+)/).flatMap((part) => {
    const x0 = x;
    x += part.length * 20;
    return part.trim() === '' ? [] : [{ text: part, confidence, bbox: { x0, y0: y, x1: x, y1: y + 26 } }];
  });
  return { text, confidence, words, bbox: { x0: 40, y0: y, x1: x, y1: y + 26 } };
}

describe('receipt: where each field’s value is, from its label', () => {
  it('boxes a value from the end of its label to the next label on the line', () => {
    const { regions } = extractReceiptEvidence([laidOut('校验码: 6frfef   开票日期: 2026-06-27', 100)], 't');
    const check = regions.find((r) => r.field === 'checkCode');
    const date = regions.find((r) => r.field === 'issueDate');
    // "校验码:" is 4 characters from x = 40; "6frfef" starts at 140, "开票日期" at 320.
    expect(check?.box.x0).toBeGreaterThan(100);
    expect(check?.box.x0).toBeLessThan(140);
    expect(check?.box.x1).toBeLessThan(320);
    expect(date?.box.x0).toBeGreaterThan(380);
  });

  it('finds a label with one character misread, but never takes the cashier (收款人) for the payer (交款人)', () => {
    const { regions } = extractReceiptEvidence(
      [laidOut('收城单位: 上海市测试第三人民医院 (test)', 100), laidOut('收款人: 测试收费员', 140)],
      't',
    );
    expect(regions.map((r) => r.field)).toEqual(['hospitalName']);
    const reading = extractReceiptEvidence([laidOut('收款人: 测试收费员', 140)], 't').reading;
    expect(reading.payerName.value).toBeNull();
  });
});

describe('receipt: a field read twice', () => {
  it('two reads that agree are surer than either', () => {
    expect(
      combineReads('checkCode', { value: '6f7fef', confidence: 0.64 }, { text: '6f7fef', confidence: 0.76 }),
    ).toEqual({
      value: '6f7fef',
      confidence: 0.914,
    });
  });

  it('two reads that disagree go to a clerk, whichever is right', () => {
    const c = combineReads(
      'payerName',
      { value: '测试患者0009', confidence: 0.87 },
      { text: '则 试 患者 0009', confidence: 0.96 },
    );
    expect(c.confidence).toBeLessThan(MIN_FIELD_CONFIDENCE);
  });

  it('a value only the second read found, or found in the field’s format, is one read: below the bar', () => {
    expect(
      combineReads('checkCode', { value: null, confidence: 0 }, { text: '3b1f55', confidence: 0.98 }),
    ).toEqual({
      value: '3b1f55',
      confidence: 0.75,
    });
    // The first read "6frfef" is not hexadecimal, so extraction never produced it; a second
    // read outside the format (7 characters) leaves the first read as it was, less sure.
    expect(
      combineReads('checkCode', { value: '6f7fef', confidence: 0.9 }, { text: '6f7ffef', confidence: 0.9 }),
    ).toEqual({
      value: '6f7fef',
      confidence: 0.81,
    });
  });

  it('a name with a bracket lost is malformed however sure the OCR is, and the second read replaces it', () => {
    const lines = [laidOut('医疗机构: 上海市浦东新区测试社区卫生服务中心 test)', 100, 0.95)];
    const evidence = extractReceiptEvidence(lines, 't');
    expect(evidence.reading.hospitalName.confidence).toBeLessThan(MIN_FIELD_CONFIDENCE);
    const reading = applyRereads(evidence, {
      hospitalName: { text: '上 海 市 浦东 新 区 测试 社区 卫生 服务 中 心 (test)', confidence: 0.97 },
    });
    expect(reading.hospitalName).toEqual({
      value: '上海市浦东新区测试社区卫生服务中心(test)',
      confidence: 0.75,
    });
  });
});
