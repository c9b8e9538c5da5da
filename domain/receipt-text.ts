import {
  emptyField,
  normalizeName,
  parseYuan,
  type ReadField,
  type ReadItem,
  type ReceiptReading,
} from './receipt-reading';
import { exactLabels, fuzzyLabels, isAnotherLabel } from './receipt-labels';
import { decideTotal, type TotalEvidence } from './receipt-total';

/**
 * Field extraction from OCR text of a Chinese paper medical bill (门诊/住院收费票据): the labels
 * of the national forms (票据代码, 票据号码, 校验码, 开票日期, 交款人, 医疗机构/收款单位, 合计(大写),
 * 合计(小写)) and the item table. Pure: the engine gives lines of words with confidences, this
 * finds the values and says how sure it is of each.
 *
 * Confidence of a field = the lowest OCR confidence of the words that make up its value,
 * then adjusted by what the receipt says about itself: the total in figures agreeing with
 * the total in words (or with the sum of the items) is near-certain; disagreeing, it is not
 * trusted. Amounts come from the digits (tesseract does not read "¥" reliably).
 */

/** Pixel box on the page the engine read (x1, y1 exclusive). */
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  /** 0–1. */
  confidence: number;
  /** Where the word is, when the engine says (tesseract does); used to re-read a field. */
  bbox?: OcrBox;
}

export interface OcrLine {
  text: string;
  confidence: number;
  words: OcrWord[];
  bbox?: OcrBox;
}

const CJK = '\\u3400-\\u9fff';
// One or two spaces between CJK characters are OCR's word splits inside a name; a wider gap is
// a column of the form (an item's name, then its quantity read as 工) and must stay.
const CJK_GAP = new RegExp(`(?<=[${CJK}:()])\\s{1,2}(?=[${CJK}:()])`, 'g');

/** NFKC (full-width colon, brackets, digits → ASCII), spaces between CJK characters dropped. */
export function normalizeLine(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[；;]/g, ':')
    .replace(/[〈《]/g, '(')
    .replace(/[〉》]/g, ')')
    .replace(/\u3000/g, ' ')
    .replace(CJK_GAP, '')
    .replace(/\s*:\s*/g, ':')
    .trim();
}

/** Letters OCR confuses with digits, in a field that can only be digits. */
const DIGIT_CONFUSABLES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  I: '1',
  l: '1',
  '|': '1',
  工: '1',
  S: '5',
  B: '8',
  Z: '2',
};

function digitsOnly(raw: string): { value: string; repaired: boolean } {
  let repaired = false;
  const value = [...raw]
    .map((ch) => {
      const fixed = DIGIT_CONFUSABLES[ch];
      if (fixed !== undefined) repaired = true;
      return fixed ?? ch;
    })
    .join('');
  return { value, repaired };
}

/**
 * How sure the engine was of the words of a line that make up `value` (those sharing two
 * characters with it; for a number, only words with digits). Codes, dates and amounts take
 * the weakest word: one wrong digit is a wrong field. Names take the mean weighted by length:
 * a long name is not unsure because one short token of it is.
 */
function confidenceOf(line: OcrLine, value: string, how: 'weakest' | 'weighted' = 'weakest'): number {
  const v = normalizeName(value);
  const numeric = /^[\d.,-]+$/.test(v);
  const parts = line.words.filter((w) => {
    const t = normalizeName(w.text).replace(/^.*:/, '');
    if (t.length === 0 || (numeric && !/\d/.test(t))) return false;
    if (v.includes(t)) return true;
    for (let i = 0; i + 2 <= t.length; i++) if (v.includes(t.slice(i, i + 2))) return true;
    return false;
  });
  if (parts.length === 0) return line.confidence;
  if (how === 'weakest') return Math.min(...parts.map((w) => w.confidence));
  const weight = (w: OcrWord) => normalizeName(w.text).length;
  const total = parts.reduce((sum, w) => sum + weight(w), 0);
  return parts.reduce((sum, w) => sum + w.confidence * weight(w), 0) / total;
}

const field = <T>(value: T, confidence: number): ReadField<T> => ({
  value,
  confidence: Math.round(Math.max(0, Math.min(1, confidence)) * 1000) / 1000,
});

interface Found {
  line: OcrLine;
  text: string;
  /** The pattern's groups after the label. */
  groups: string[];
}

type Lines = readonly { line: OcrLine; text: string }[];

function find(lines: Lines, pattern: RegExp): Found | undefined {
  for (const l of lines) {
    const match = pattern.exec(l.text);
    if (match) return { ...l, groups: match.slice(1).map((g) => g ?? '') };
  }
  return undefined;
}

/** `rest` after one of `labels`: as printed on any line, else with one character misread. */
function findLabelled(lines: Lines, labels: readonly string[], rest: string): Found | undefined {
  const exact = find(lines, new RegExp(`(?:${exactLabels(labels)})${rest}`));
  if (exact) return exact;
  const fuzzy = new RegExp(`(${fuzzyLabels(labels)})${rest}`);
  for (const l of lines) {
    const match = fuzzy.exec(l.text);
    if (match && !isAnotherLabel(match[1] ?? '', labels))
      return { ...l, groups: match.slice(2).map((g) => g ?? '') };
  }
  return undefined;
}

function digitField(lines: Lines, label: string, length: number): ReadField<string> {
  const found = findLabelled(lines, [label], `[^:\\d]{0,3}:?\\s*([0-9OoDIl|SBZ]{${length}})(?![0-9])`);
  if (!found) return emptyField();
  const raw = found.groups[0] ?? '';
  const { value, repaired } = digitsOnly(raw);
  if (!/^\d+$/.test(value)) return emptyField();
  return field(value, confidenceOf(found.line, raw) * (repaired ? 0.7 : 1));
}

function checkCodeField(lines: Lines): ReadField<string> {
  const found = findLabelled(lines, ['校验码'], '[^:\\w]{0,2}:?\\s*([0-9a-fA-FOoIl]{6})(?![0-9a-zA-Z])');
  if (!found) return emptyField();
  const raw = found.groups[0] ?? '';
  const value = raw.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').toLowerCase();
  const repaired = value !== raw.toLowerCase();
  return field(value, confidenceOf(found.line, raw) * (repaired ? 0.7 : 1));
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function dateField(lines: Lines): ReadField<string> {
  const found = findLabelled(
    lines,
    ['开票日期'],
    '[^:\\d]{0,2}:?\\s*((\\d{4})\\s*[-年./]\\s*(\\d{1,2})\\s*[-月./]\\s*(\\d{1,2}))',
  );
  if (!found) return emptyField();
  const [y, m, d] = [found.groups[1], found.groups[2], found.groups[3]].map(Number) as [
    number,
    number,
    number,
  ];
  if (!isCalendarDate(y, m, d)) return emptyField();
  const value = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return field(value, confidenceOf(found.line, found.groups[0] ?? ''));
}

/**
 * A name as printed has its brackets in pairs: "…医院 (test" or "…中心 test)" is a misread
 * (a bracket lost in the OCR), however sure the engine says it is.
 */
export function isWellFormedName(name: string): boolean {
  let depth = 0;
  for (const ch of name.normalize('NFKC')) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The most a malformed name can be trusted: it goes to a second read, and to a clerk. */
const MALFORMED_NAME = 0.6;

function textField(lines: Lines, labels: readonly string[]): ReadField<string> {
  const found = findLabelled(lines, labels, ':?(\\S.*)$');
  if (!found) return emptyField();
  // The value ends where a wide gap starts (the next column of the form); a stray colon or
  // dot before it is the label's punctuation read twice.
  const value =
    (found.groups[0] ?? '')
      .split(/\s{3,}/)[0]
      ?.replace(/^[:.,、。·\s]+/, '')
      .trim() ?? '';
  if (value === '') return emptyField();
  const read = confidenceOf(found.line, value, 'weighted');
  return field(value, isWellFormedName(value) ? read : Math.min(read, MALFORMED_NAME));
}

/**
 * An item line: name, quantity, amount, category (甲/乙/丙类). The quantity column is a lone
 * digit or two, which OCR reads worst of all ("1" as 工, i, 出): any short token is taken as the
 * quantity so the line (and its amount, which the total is checked against) is not lost; a
 * token that is not a number gives qty null. Trailing specks after the category are ignored.
 */
const ITEM_LINE =
  /^(.+?)\s+(\S{1,4})\s+(\d{1,3}(?:,\d{3})*[.,]\d{2}|\d+[.,]\d{2})\s*([甲乙丙])?类?[^\p{L}\p{N}]*$/u;
const CATEGORY = { 甲: 1, 乙: 2, 丙: 3 } as const;

function items(lines: Lines): ReadItem[] {
  const start = lines.findIndex((l) => /项目|名称|数量/.test(l.text));
  if (start < 0) return [];
  const out: ReadItem[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/合计|小写|大写/.test(l.text)) break;
    const m = ITEM_LINE.exec(l.text);
    if (!m) continue;
    const amountFen = parseYuan(m[3] ?? '');
    if (amountFen === undefined) continue;
    const { value: qtyText, repaired } = digitsOnly(m[2] ?? '');
    const qty = /^\d+(?:\.\d+)?$/.test(qtyText) ? Number(qtyText) : null;
    const cat = m[4] as keyof typeof CATEGORY | undefined;
    out.push({
      name: (m[1] ?? '').replace(/\s+/g, ''),
      qty,
      amountFen,
      category: cat ? CATEGORY[cat] : null,
      confidence: Math.round(l.line.confidence * (qty === null || repaired ? 0.8 : 1) * 1000) / 1000,
    });
  }
  return out;
}

/** What the first pass read of the total: the figures and the words, for decideTotal. */
function totalEvidence(lines: { line: OcrLine; text: string }[], itemList: ReadItem[]): TotalEvidence {
  const evidence: TotalEvidence = { figures: [], words: [] };
  // 小写 / 大写 with the second character misread (小号, 小旺) still say which total it is.
  const figures = find(
    lines,
    /(?:合计|总计)\(?小[^\d)]?\)?[^\d]{0,4}(\d{1,3}(?:,\d{3})+[.,]\d{2}|\d+[.,]\d{2})/,
  );
  const inFigures = figures ? parseYuan(figures.groups[0] ?? '') : undefined;
  if (figures && inFigures !== undefined)
    evidence.figures.push({
      fen: inFigures,
      confidence: confidenceOf(figures.line, figures.groups[0] ?? ''),
    });
  // The words run from their label to the next label (合计(小写) often shares the line).
  const words = find(lines, /(?:合计|总计)\(?大[^\d)]?\)?:?\s*(.+?)(?=(?:合计|总计|小写|$))/);
  const text = words?.groups[0]?.trim() ?? '';
  if (words && text !== '') evidence.words.push({ text, confidence: confidenceOf(words.line, text) });
  if (itemList.length > 0) evidence.itemsSum = itemList.reduce((s, i) => s + i.amountFen, 0);
  return evidence;
}

/** The first pass's reading and what it saw of the total (a second pass adds to it). */
export interface ReceiptEvidence {
  reading: ReceiptReading;
  total: TotalEvidence;
}

/** Reads the fields of a Chinese paper medical bill from OCR lines, with the evidence for the total. */
export function extractReceiptEvidence(ocrLines: readonly OcrLine[], source: string): ReceiptEvidence {
  const lines = ocrLines
    .map((line) => ({ line, text: normalizeLine(line.text) }))
    .filter((l) => l.text !== '');
  const itemList = items(lines);
  const total = totalEvidence(lines, itemList);
  return {
    reading: {
      billBatchCode: digitField(lines, '票据代码', 8),
      billNo: digitField(lines, '票据号码', 10),
      checkCode: checkCodeField(lines),
      issueDate: dateField(lines),
      hospitalName: textField(lines, ['医疗机构', '收款单位', '医院名称']),
      payerName: textField(lines, ['交款人', '患者姓名', '姓名']),
      totalAmtFen: decideTotal(total),
      items: itemList,
      source,
    },
    total,
  };
}

/** Reads the fields of a Chinese paper medical bill from OCR lines. */
export function extractReceiptFields(ocrLines: readonly OcrLine[], source: string): ReceiptReading {
  return extractReceiptEvidence(ocrLines, source).reading;
}
