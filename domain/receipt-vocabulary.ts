/**
 * The label vocabulary of the national medical e-bill (医疗收费电子票据) and of common hospital
 * receipts: which printed label names which field, and the labels of everything else a receipt
 * prints (the cashier, the insurance type, the payments by fund …). Fields are found by these
 * labels wherever the layout puts them (receipt-fields.ts); the other labels matter as much: they
 * end the value before them, so a value never runs into the next label's text, and an amount
 * under 个人现金支付 is never taken for the total.
 *
 * Labels are matched on normalised text (NFKC: full-width brackets and colons are half-width).
 */

/** What a label names: one of the receipt's fields, a part of the total, or nothing we read. */
export type LabelRole =
  | 'billBatchCode'
  | 'billNo'
  | 'checkCode'
  | 'issueDate'
  | 'payerName'
  | 'hospitalName'
  /** The amount in words (大写). */
  | 'totalWords'
  /** The amount in figures (小写). */
  | 'totalFigures'
  /** A bare 合计 / 金额合计: words, figures or both follow. */
  | 'total'
  | 'other';

/**
 * Printed label → what it names. Data, not rules: a synonym seen on real receipts is one more line
 * here (the national e-bill's labels, older 发票 forms, hospitals' own receipts). A label that could
 * be the inside of a value is not listed (患者 alone: 测试患者0001 is a name).
 */
export const LABEL_VOCABULARY: readonly (readonly [string, LabelRole])[] = [
  ['票据代码', 'billBatchCode'],
  ['发票代码', 'billBatchCode'],
  ['票据号码', 'billNo'],
  ['票据号', 'billNo'],
  ['发票号码', 'billNo'],
  ['票号', 'billNo'],
  ['校验码', 'checkCode'],
  ['开票日期', 'issueDate'],
  ['收费日期', 'issueDate'],
  ['开具日期', 'issueDate'],
  ['填开日期', 'issueDate'],
  ['交款人', 'payerName'],
  ['缴款人', 'payerName'],
  ['付款人', 'payerName'],
  ['患者姓名', 'payerName'],
  ['病人姓名', 'payerName'],
  ['姓名', 'payerName'],
  ['收款单位(章)', 'hospitalName'],
  ['收款单位', 'hospitalName'],
  ['收费单位', 'hospitalName'],
  ['开票单位', 'hospitalName'],
  ['医疗机构名称', 'hospitalName'],
  ['医疗机构', 'hospitalName'],
  ['医院名称', 'hospitalName'],
  ['金额合计(大写)', 'totalWords'],
  ['合计金额(大写)', 'totalWords'],
  ['合计(大写)', 'totalWords'],
  ['总计(大写)', 'totalWords'],
  ['人民币(大写)', 'totalWords'],
  ['金额(大写)', 'totalWords'],
  ['大写金额', 'totalWords'],
  ['(大写)', 'totalWords'],
  ['金额合计(小写)', 'totalFigures'],
  ['合计金额(小写)', 'totalFigures'],
  ['合计(小写)', 'totalFigures'],
  ['总计(小写)', 'totalFigures'],
  ['金额(小写)', 'totalFigures'],
  ['小写金额', 'totalFigures'],
  ['(小写)', 'totalFigures'],
  ['金额合计', 'total'],
  ['合计金额', 'total'],
  ['费用合计', 'total'],
  ['费用总额', 'total'],
  ['合计', 'total'],
  ['总计', 'total'],
  // Labels of what the reader does not take; they end the value before them.
  ['交款人统一社会信用代码', 'other'],
  ['统一社会信用代码', 'other'],
  ['医疗机构类型', 'other'],
  ['医保类型', 'other'],
  ['医保编号', 'other'],
  ['医保统筹基金支付', 'other'],
  ['医保统筹支付', 'other'],
  ['统筹基金支付', 'other'],
  ['其他支付', 'other'],
  ['个人账户支付', 'other'],
  ['个人现金支付', 'other'],
  ['个人自付', 'other'],
  ['个人自费', 'other'],
  ['自费', 'other'],
  ['收款人', 'other'],
  ['复核人', 'other'],
  ['收费员', 'other'],
  ['开票人', 'other'],
  ['经办人', 'other'],
  ['业务流水号', 'other'],
  ['门诊号', 'other'],
  ['住院号', 'other'],
  ['病历号', 'other'],
  ['床号', 'other'],
  ['就诊科室', 'other'],
  ['科室', 'other'],
  ['就诊日期', 'other'],
  ['入院日期', 'other'],
  ['出院日期', 'other'],
  ['结算日期', 'other'],
  ['住院天数', 'other'],
  ['社会保障卡号', 'other'],
  ['身份证号', 'other'],
  ['性别', 'other'],
  ['年龄', 'other'],
  ['备注', 'other'],
];

/** The roles that are fields of the reading (the total's three roles included). */
export const FIELD_ROLES = [
  'billBatchCode',
  'billNo',
  'checkCode',
  'issueDate',
  'payerName',
  'hospitalName',
  'totalWords',
  'totalFigures',
  'total',
] as const satisfies readonly LabelRole[];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Longest first, so 交款人统一社会信用代码 is one label and not 交款人 followed by a value. */
const BY_LENGTH = [...LABEL_VOCABULARY].sort((a, b) => b[0].length - a[0].length);
const ROLE_OF = new Map<string, LabelRole>(LABEL_VOCABULARY.map(([text, role]) => [text, role]));

/**
 * After a label: a bracketed note of its own (（章）, （盖章）), then its colon or leader dots.
 * The note is consumed only when a colon follows or the label is at the end, so that the
 * label (大写) of a following 合计 is not swallowed.
 */
const LABEL_TAIL = '(?:\\([^()\\d]{1,4}\\)(?=\\s*[:：]))?[\\s:：.…。·、]*';

/** Every printed label, as a global regex on normalised text (group 1: the label itself). */
export const EXACT_LABEL = new RegExp(`(${BY_LENGTH.map(([t]) => escape(t)).join('|')})${LABEL_TAIL}`, 'g');

export function roleOf(label: string): LabelRole {
  return ROLE_OF.get(label) ?? 'other';
}

/**
 * A field label of three or more characters with any one of them misread (收城单位 for 收款单位,
 * 术验码 for 校验码): OCR loses a label's rarer characters first. Tried only for a field no row
 * shows as printed, and never where the text is another label (交款人 one off could be 收款人).
 */
export function fuzzyLabelPattern(role: LabelRole): RegExp | undefined {
  const labels = LABEL_VOCABULARY.filter(([t, r]) => r === role && t.length >= 3 && !t.includes('('));
  if (labels.length === 0) return undefined;
  const variants = labels.flatMap(([l]) =>
    [...l].map((_, i) => `${escape(l.slice(0, i))}[^:\\s\\d()]${escape(l.slice(i + 1))}`),
  );
  return new RegExp(`(${variants.join('|')})${LABEL_TAIL}`, 'g');
}

export function isPrintedLabel(text: string): boolean {
  return ROLE_OF.has(text);
}

/** Labels that can never be part of a name (the bracketed total labels excepted: "(test)" is not one). */
const NAME_BREAKERS = BY_LENGTH.map(([t]) => t).filter((t) => t.length >= 2 && !t.startsWith('('));

/** The value cut where any label's text starts: a value never carries a label. */
export function cutAtLabelText(value: string): string {
  let end = value.length;
  for (const label of NAME_BREAKERS) {
    const at = value.indexOf(label);
    if (at >= 0 && at < end) end = at;
  }
  return value.slice(0, end);
}

/** Whether a text holds any label of the vocabulary (what the tests assert never happens to a value). */
export function containsLabelText(value: string): boolean {
  const v = value.normalize('NFKC').replace(/\s/g, '');
  return NAME_BREAKERS.some((label) => v.includes(label));
}
