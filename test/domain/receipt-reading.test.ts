import { describe, expect, it } from 'vitest';
import type { SignedEBill } from '../../domain/ebill';
import { inspectReceiptImage, sniffImageType } from '../../domain/receipt-image';
import { parseAmountInWords, type ReceiptReading } from '../../domain/receipt-reading';
import { reconcileReceipt } from '../../domain/receipt-reconciliation';
import { extractReceiptFields, type OcrLine } from '../../domain/receipt-text';
import { receiptFixture } from '../support/receipt-fixtures';

const line = (text: string, confidence = 0.93): OcrLine => ({
  text,
  confidence,
  words: text
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => ({ text: w, confidence })),
});

describe('receipt: amounts in Chinese capitals (大写)', () => {
  it.each([
    ['壹佰零捌元伍角肆分', 10854],
    ['肆佰伍拾捌元零陆分', 45806],
    ['贰拾元整', 2000],
    ['壹万零伍拾元整', 1005000],
    ['叁仟贰佰元伍角', 320050],
  ])('%s is %i fen', (words, fen) => expect(parseAmountInWords(words)).toBe(fen));

  it('refuses what is not an amount rather than guess', () => {
    expect(parseAmountInWords('过佰零抽元伍角朵分')).toBeUndefined();
  });
});

describe('receipt: fields from OCR lines', () => {
  const lines = [
    line('上海市医疗门诊收费票据 (电子)'),
    line('票据代码: 31011526'),
    line('票据号码: 0007812649'),
    line('校验码: 9fe9a3'),
    line('开票日期: 2026-05-02'),
    line('交款人: 测试患者0001'),
    line('医疗机构: 上海市浦东新区测试社区卫生服务中心 (test)'),
    line('项目名称 数量 金额(元) 类别'),
    line('普通门诊诊查费     1     20.00    甲类'),
    line('血常规     2     60.00    甲类'),
    line('奥美拉唑肠溶胶囊     2     28.54    乙类'),
    line('合计 (大写) 壹佰零捌元伍角肆分     合计 (小写) #108.54'),
  ];

  it('reads every field, the total from its digits, confirmed by the words', () => {
    const r = extractReceiptFields(lines, 'test');
    expect(r.billBatchCode.value).toBe('31011526');
    expect(r.billNo.value).toBe('0007812649');
    expect(r.checkCode.value).toBe('9fe9a3');
    expect(r.issueDate.value).toBe('2026-05-02');
    expect(r.payerName.value).toBe('测试患者0001');
    expect(r.hospitalName.value).toBe('上海市浦东新区测试社区卫生服务中心(test)');
    expect(r.totalAmtFen).toEqual({ value: 10854, confidence: 0.99 });
    expect(r.items.map((i) => [i.name, i.qty, i.amountFen, i.category])).toEqual([
      ['普通门诊诊查费', 1, 2000, 1],
      ['血常规', 2, 6000, 1],
      ['奥美拉唑肠溶胶囊', 2, 2854, 2],
    ]);
  });

  it('does not trust figures that the words contradict', () => {
    const r = extractReceiptFields(
      [...lines.slice(0, -1), line('合计 (大写) 贰拾元整     合计 (小写) #108.54')],
      't',
    );
    expect(r.totalAmtFen.value).toBe(10854);
    expect(r.totalAmtFen.confidence).toBeLessThan(0.8);
  });
});

describe('receipt against its e-bill, field by field', () => {
  const fixture = receiptFixture('national-clean-1');
  const bill = fixture.ebill as SignedEBill;
  const sure = <T>(value: T) => ({ value, confidence: 0.95 });
  const reading: ReceiptReading = {
    billBatchCode: sure(bill.billBatchCode),
    billNo: sure(bill.billNo),
    checkCode: sure(bill.checkCode.toUpperCase()),
    issueDate: sure(bill.issueDate),
    hospitalName: sure(bill.hospital.name.replace(' ', '')),
    payerName: sure(bill.payer.name),
    totalAmtFen: sure(bill.totalAmtFen),
    items: [],
    source: 'test',
  };

  it('matches when every field agrees (names compared without spacing, check code without case)', () => {
    expect(reconcileReceipt(reading, bill)).toEqual({ kind: 'matched' });
  });

  it('names the differing fields: an amount and an identity mismatch', () => {
    const result = reconcileReceipt(
      { ...reading, totalAmtFen: sure(bill.totalAmtFen + 100), payerName: sure('样例患者9999') },
      bill,
    );
    expect(result.kind).toBe('mismatch');
    if (result.kind !== 'mismatch') return;
    expect(result.differences.map((d) => [d.field, d.kind])).toEqual([
      ['payerName', 'identity'],
      ['totalAmtFen', 'amount'],
    ]);
  });

  it('never takes an unsure field as agreeing: "low confidence"', () => {
    const result = reconcileReceipt(
      { ...reading, totalAmtFen: { value: bill.totalAmtFen, confidence: 0.41 } },
      bill,
    );
    expect(result).toMatchObject({ kind: 'low_confidence', detail: 'low confidence: totalAmtFen (0.41)' });
  });
});

describe('receipt image uploads: what the bytes are', () => {
  it('knows PNG and JPEG by their signatures, and nothing else', () => {
    expect(sniffImageType(receiptFixture('grid-clean-1').png)).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeUndefined();
  });

  it('reads a JPEG’s size from its frame header', () => {
    const sof = Buffer.from([
      0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x0b, 0xb8, 0x0f, 0xa0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0,
    ]);
    const result = inspectReceiptImage(sof);
    expect(result).toEqual({
      ok: true,
      image: { contentType: 'image/jpeg', width: 4000, height: 3000, bytes: sof.length },
    });
  });
});
