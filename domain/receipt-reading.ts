/**
 * A paper receipt as read from its image: the fields an e-bill has, each with how sure the
 * reader is (0–1). `value` is null when the field was not found at all. Produced by the QR
 * path (confidence 1 for what the code carries) or by an OCR engine (tesseract, textract).
 */

export interface ReadField<T> {
  value: T | null;
  confidence: number;
}

export interface ReadItem {
  name: string;
  qty: number | null;
  amountFen: number;
  /** 1 = 甲 (A), 2 = 乙 (B), 3 = 丙 (C), where printed. */
  category: 1 | 2 | 3 | null;
  confidence: number;
}

export interface ReceiptReading {
  billBatchCode: ReadField<string>;
  billNo: ReadField<string>;
  checkCode: ReadField<string>;
  /** YYYY-MM-DD. */
  issueDate: ReadField<string>;
  hospitalName: ReadField<string>;
  payerName: ReadField<string>;
  totalAmtFen: ReadField<number>;
  items: ReadItem[];
  /** 'qr' or the OCR engine's name. */
  source: string;
}

export const RECEIPT_FIELDS = [
  'billBatchCode',
  'billNo',
  'checkCode',
  'issueDate',
  'hospitalName',
  'payerName',
  'totalAmtFen',
] as const;
export type ReceiptFieldName = (typeof RECEIPT_FIELDS)[number];

/** Below this a field is not trusted: the receipt goes to a clerk with the reason "low confidence". */
export const MIN_FIELD_CONFIDENCE = 0.8;

export const emptyField = <T>(): ReadField<T> => ({ value: null, confidence: 0 });

/** The fields below the threshold (or missing), for the clerk. */
export function lowConfidenceFields(
  reading: ReceiptReading,
  threshold = MIN_FIELD_CONFIDENCE,
): { field: ReceiptFieldName; confidence: number }[] {
  return RECEIPT_FIELDS.flatMap((field) => {
    const f = reading[field];
    return f.value === null || f.confidence < threshold ? [{ field, confidence: f.confidence }] : [];
  });
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  柒: 7,
  捌: 8,
  玖: 9,
};
const CN_UNITS: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };

/**
 * A Chinese uppercase amount (大写, 壹佰零捌元伍角肆分 / 贰拾元整) in fen; undefined when it is not
 * one (an OCR misread makes it fail, never guess).
 */
export function parseAmountInWords(text: string): number | undefined {
  const s = text.replace(/\s/g, '').replace(/圆/g, '元');
  const m = /^([零壹贰叁肆伍陆柒捌玖拾佰仟万亿]*)元(.*)$/.exec(s);
  if (!m) return undefined;
  const [, yuanPart = '', rest = ''] = m;
  let yuan = 0;
  let section = 0;
  let digit = 0;
  for (const ch of yuanPart) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch] ?? 0;
    else if (ch in CN_UNITS) {
      section += (digit || (ch === '拾' && section === 0 ? 1 : 0)) * (CN_UNITS[ch] ?? 0);
      digit = 0;
    } else if (ch === '万') {
      yuan += (section + digit) * 10_000;
      section = 0;
      digit = 0;
    } else return undefined;
  }
  yuan += section + digit;
  let fen = 0;
  if (rest === '整' || rest === '正' || rest === '') return yuan * 100;
  const jf = /^(?:([壹贰叁肆伍陆柒捌玖])角|零)?(?:([壹贰叁肆伍陆柒捌玖])分)?整?$/.exec(rest);
  if (!jf) return undefined;
  if (jf[1]) fen += (CN_DIGITS[jf[1]] ?? 0) * 10;
  if (jf[2]) fen += CN_DIGITS[jf[2]] ?? 0;
  return yuan * 100 + fen;
}

/** '458.06' / '1,234.50' → fen; undefined if not an amount with two decimals. */
export function parseYuan(text: string): number | undefined {
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)[.,](\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  return Number((m[1] ?? '').replace(/,/g, '')) * 100 + Number(m[2]);
}

/** Names compared as printed: full-width forms folded, spaces dropped. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u3000]/g, '')
    .toLowerCase();
}
