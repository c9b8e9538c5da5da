import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_FIELD_CONFIDENCE, RECEIPT_FIELDS } from '../../domain/receipt-reading';
import { extractReceiptFields, type OcrLine } from '../../domain/receipt-text';
import { containsLabelText, LABEL_VOCABULARY } from '../../domain/receipt-vocabulary';

/**
 * The field finder on OCR output laid out as engines give it: tesseract's lines of words, or
 * PaddleOCR's one box per run of text. 20 px a character, rows 24 px high.
 */

const CHAR = 20;
const HEIGHT = 24;

/** A tesseract-like line: one line, words split at spaces, each with its box. */
function line(x: number, y: number, text: string, confidence = 0.95): OcrLine {
  let at = x;
  const words = text.split(/(\s+)/).flatMap((part) => {
    const x0 = at;
    at += [...part].length * CHAR;
    return part.trim() === ''
      ? []
      : [{ text: part, confidence, bbox: { x0, y0: y, x1: at, y1: y + HEIGHT } }];
  });
  return { text, confidence, words, bbox: { x0: x, y0: y, x1: at, y1: y + HEIGHT } };
}

/** A PaddleOCR-like box: its text and its box, no words. */
function box(x: number, y: number, text: string, confidence = 0.98): OcrLine {
  return {
    text,
    confidence,
    words: [],
    bbox: { x0: x, y0: y, x1: x + [...text].length * CHAR, y1: y + HEIGHT },
  };
}

const read = (lines: OcrLine[]) => extractReceiptFields(lines, 'test');

describe('receipt fields by label, whatever the layout', () => {
  it('takes labels with full-width and half-width colons and brackets alike, and never the bracket note', () => {
    for (const text of [
      '收款单位（章）：常州市测试第一人民医院 (test)',
      '收款单位(章):常州市测试第一人民医院 (test)',
      '收款单位【章】：常州市测试第一人民医院 (test)',
      '收款单位：常州市测试第一人民医院（test）',
    ]) {
      const r = read([line(40, 100, text)]);
      expect(r.hospitalName.value?.replace(/\s/g, '').normalize('NFKC'), text).toBe(
        '常州市测试第一人民医院(test)',
      );
    }
  });

  it('reads several fields on one line, each ending where the next label starts', () => {
    const r = read([
      line(40, 100, '票据代码：32041126   票据号码：0001737722   校验码：487a8e'),
      line(
        40,
        140,
        '交款人统一社会信用代码：3304**********9691   交款人：测试患者0025   开票日期：2026-05-16',
      ),
    ]);
    expect(r.billBatchCode.value).toBe('32041126');
    expect(r.billNo.value).toBe('0001737722');
    expect(r.checkCode.value).toBe('487a8e');
    expect(r.payerName.value).toBe('测试患者0025');
    expect(r.issueDate.value).toBe('2026-05-16');
  });

  it('reads a label and its value in two table cells, no colon, as PaddleOCR boxes them', () => {
    const r = read([
      box(40, 100, '票据代码'),
      box(240, 100, '32021326'),
      box(570, 100, '票据号码'),
      box(770, 100, '0001453582'),
      box(40, 148, '医疗机构名称'),
      box(240, 148, '无锡市梁溪区测试中心医院（test）'),
    ]);
    expect(r.billBatchCode.value).toBe('32021326');
    expect(r.billNo.value).toBe('0001453582');
    expect(r.hospitalName.value).toBe('无锡市梁溪区测试中心医院(test)');
  });

  it('reads values on the line under their labels (a thermal slip)', () => {
    const r = read([
      line(20, 60, '票据代码:'),
      line(20, 88, '32021326'),
      line(20, 126, '票据号码:'),
      line(20, 154, '0001453582'),
      line(20, 192, '校验码: a697f7'),
      line(20, 230, '交款人:'),
      line(20, 258, '测试患者0033'),
    ]);
    expect(r.billBatchCode.value).toBe('32021326');
    expect(r.billNo.value).toBe('0001453582');
    expect(r.checkCode.value).toBe('a697f7');
    expect(r.payerName.value).toBe('测试患者0033');
  });

  it('reads boxed captions above their values, each value under its own caption', () => {
    const r = read([
      box(38, 136, '票据代码'),
      box(391, 136, '票据号码'),
      box(744, 136, '校验码'),
      box(44, 164, '32041126'),
      box(397, 164, '0001737722'),
      box(750, 164, '487a8e'),
      box(38, 208, '开票日期'),
      box(391, 208, '交款人'),
      box(44, 236, '2026-05-16'),
      box(397, 236, '测试患者0025'),
    ]);
    expect(r.billBatchCode.value).toBe('32041126');
    expect(r.billNo.value).toBe('0001737722');
    expect(r.checkCode.value).toBe('487a8e');
    expect(r.issueDate.value).toBe('2026-05-16');
    expect(r.payerName.value).toBe('测试患者0025');
  });

  it('does not take the next label, stacked under an empty one, for its value', () => {
    const r = read([line(40, 100, '交款人：'), line(40, 140, '收款人：测试收费员')]);
    expect(r.payerName.value).toBeNull();
  });

  it('finds the total when the figures follow the amount in words on the same line', () => {
    const r = read([
      line(20, 100, '项目   数量   金额'),
      line(20, 130, '普通门诊诊查费   1   25.00'),
      line(20, 160, '血常规   3   196.94'),
      line(20, 200, '合计: 贰佰贰拾壹元玖角肆分 ¥221.94'),
    ]);
    expect(r.totalAmtFen.value).toBe(22194);
    expect(r.totalAmtFen.confidence).toBeGreaterThanOrEqual(MIN_FIELD_CONFIDENCE);
  });

  it('reads 金额合计（大写）… （小写）… on one line, and never an amount under another label', () => {
    const r = read([
      line(40, 100, '金额合计（大写）叁佰伍拾柒元陆角      （小写）357.60'),
      line(40, 140, '个人现金支付：357.60   个人自付：0.00   个人自费：12.00'),
    ]);
    expect(r.totalAmtFen).toMatchObject({ value: 35760 });
    expect(r.totalAmtFen.confidence).toBeGreaterThanOrEqual(MIN_FIELD_CONFIDENCE);
    expect(
      read([line(40, 140, '个人现金支付：357.60   医保统筹基金支付：0.00')]).totalAmtFen.value,
    ).toBeNull();
  });

  it('takes the cashier (收款人) for nobody, and a label read one character off for its field', () => {
    const r = read([
      line(40, 100, '收款人：测试收费员   复核人：样例'),
      line(40, 140, '收城单位：上海市测试第三人民医院 (test)'),
    ]);
    expect(r.payerName.value).toBeNull();
    // A space between a CJK character and a bracket is OCR's word split: dropped.
    expect(r.hospitalName.value).toBe('上海市测试第三人民医院(test)');
  });
});

describe('label variants and arrangements real receipts use', () => {
  it('takes synonyms of each field from the vocabulary (发票代码/发票号码, 收费日期, 病人姓名, 开票单位, 人民币(大写), 小写金额)', () => {
    const r = read([
      line(40, 100, '发票代码：32041126   发票号码：0001737722'),
      line(40, 140, '校验码：487a8e   收费日期：2026-05-16'),
      line(40, 180, '病人姓名：测试患者0025   开票单位：常州市测试第一人民医院 (test)'),
      line(40, 220, '人民币(大写)：叁佰伍拾柒元陆角   小写金额：357.60'),
    ]);
    expect(r.billBatchCode.value).toBe('32041126');
    expect(r.billNo.value).toBe('0001737722');
    expect(r.issueDate.value).toBe('2026-05-16');
    expect(r.payerName.value).toBe('测试患者0025');
    expect(r.hospitalName.value).toBe('常州市测试第一人民医院(test)');
    expect(r.totalAmtFen.value).toBe(35760);
    expect(r.totalAmtFen.confidence).toBeGreaterThanOrEqual(MIN_FIELD_CONFIDENCE);
  });

  it('reads dates written 2026年3月5日, 2026年03月05日, 2026/3/5, 2026.03.05 and 20260305 alike', () => {
    for (const written of ['2026年3月5日', '2026年03月05日', '2026/3/5', '2026.03.05', '20260305']) {
      expect(read([line(40, 100, `开票日期：${written}`)]).issueDate.value, written).toBe('2026-03-05');
    }
    // Not a calendar date, and not a run of more digits: nothing.
    expect(read([line(40, 100, '开票日期：2026年2月30日')]).issueDate.value).toBeNull();
    expect(read([line(40, 100, '开票日期：2026030512')]).issueDate.value).toBeNull();
  });

  it('reads labels without colons and values right-aligned far off in their boxed cells', () => {
    const r = read([
      box(40, 100, '票据代码'),
      box(380, 100, '31011526'),
      box(580, 100, '票据号码'),
      box(900, 100, '0007120435'),
      box(40, 150, '交款人'),
      box(420, 150, '测试患者0082'),
      box(580, 150, '开票日期'),
      box(900, 150, '2026年1月9日'),
      box(40, 200, '合计(大写)'),
      box(380, 200, '柒佰玖拾叁元柒角贰分'),
      box(700, 200, '合计(小写)'),
      box(960, 200, '793.72元'),
    ]);
    expect(r.billBatchCode.value).toBe('31011526');
    expect(r.billNo.value).toBe('0007120435');
    expect(r.payerName.value).toBe('测试患者0082');
    expect(r.issueDate.value).toBe('2026-01-09');
    expect(r.totalAmtFen.value).toBe(79372);
  });

  it('reads full-width colons with spaces around them, and amounts with thousands separators and ¥', () => {
    const r = read([
      line(40, 100, '票据代码 ：  31010426'),
      line(40, 140, '收款单位（章） ：  上海市测试第二人民医院（test）'),
      line(40, 180, '金额合计（大写） ：  柒仟陆佰元陆角伍分      （小写） ：  ¥7,600.65'),
      line(40, 220, '医保统筹基金支付 ：  0.00     个人自付 ：  7,600.65'),
    ]);
    expect(r.billBatchCode.value).toBe('31010426');
    expect(r.hospitalName.value).toBe('上海市测试第二人民医院(test)');
    expect(r.totalAmtFen.value).toBe(760065);
    expect(r.totalAmtFen.confidence).toBeGreaterThanOrEqual(MIN_FIELD_CONFIDENCE);
  });

  it('reads a header of labels stacked over their values, and figures before words on one line', () => {
    const r = read([
      line(40, 80, '票据代码'),
      line(295, 80, '票据号码'),
      line(550, 80, '校验码'),
      line(805, 80, '开票日期'),
      line(40, 110, '32041126'),
      line(295, 110, '0001737732'),
      line(550, 110, '89f191'),
      line(805, 110, '2026年6月18日'),
      line(40, 172, '交款人  测试患者0097'),
      line(480, 172, '收款单位  常州市测试第一人民医院 (test)'),
      line(40, 300, '合计(小写) ¥160.00'),
      line(420, 300, '合计(大写) 壹佰陆拾元整'),
    ]);
    expect(r.billBatchCode.value).toBe('32041126');
    expect(r.billNo.value).toBe('0001737732');
    expect(r.checkCode.value).toBe('89f191');
    expect(r.issueDate.value).toBe('2026-06-18');
    expect(r.payerName.value).toBe('测试患者0097');
    expect(r.hospitalName.value).toBe('常州市测试第一人民医院(test)');
    expect(r.totalAmtFen.value).toBe(16000);
    expect(r.totalAmtFen.confidence).toBeGreaterThanOrEqual(MIN_FIELD_CONFIDENCE);
  });
});

describe('a value never carries a label’s text', () => {
  const FIELDS = [
    ['票据代码', '32041126'],
    ['票据号码', '0001737722'],
    ['校验码', '487a8e'],
    ['开票日期', '2026-05-16'],
    ['交款人', '测试患者0025'],
    ['收款单位（章）', '常州市测试第一人民医院 (test)'],
    ['收款人', '测试收费员'],
    ['医保类型', '职工基本医疗保险'],
    ['个人自付', '0.00'],
    ['收费员', '测试收费员'],
    ['科室', '内科'],
    ['病人姓名', '测试患者0025'],
  ] as const;

  it('whatever the order, separators, colons and arrangement (property)', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...FIELDS], { minLength: 3 }),
        fc.constantFrom('：', ':', ' ', '   '),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('inline', 'boxes', 'above'),
        (fields, colon, perLine, arrangement) => {
          const lines: OcrLine[] = [];
          for (let i = 0; i < fields.length; i += perLine) {
            const y = 100 + i * 80;
            fields.slice(i, i + perLine).forEach(([label, value], k) => {
              const x = 40 + k * 760;
              if (arrangement === 'boxes') lines.push(box(x, y, label), box(x + 200, y, value));
              else if (arrangement === 'above') lines.push(line(x, y, label), line(x, y + 30, value));
              else lines.push(line(x, y, `${label}${colon}${value}`));
            });
          }
          const r = read(lines);
          for (const name of RECEIPT_FIELDS) {
            const value = r[name].value;
            if (typeof value === 'string') expect(containsLabelText(value), `${name}: ${value}`).toBe(false);
          }
          const payer = fields.find(([l]) => l === '交款人');
          if (payer) expect(r.payerName.value).toBe(payer[1]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('knows every label of the vocabulary as label text', () => {
    for (const [label] of LABEL_VOCABULARY.filter(([l]) => !l.startsWith('(') && l.length >= 2))
      expect(containsLabelText(`测试${label}`)).toBe(true);
  });
});
