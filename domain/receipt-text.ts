import { emptyField, parseYuan, type ReadField, type ReadItem, type ReceiptReading } from './receipt-reading';
import type { FieldRegion, RereadField } from './receipt-field-regions';
import {
  boxOf,
  findFieldCandidates,
  type Cell,
  type FieldCandidates,
  type FieldRole,
} from './receipt-fields';
import { buildRows, type Row, type RowChar } from './receipt-rows';
import { decideTotal, type TotalEvidence } from './receipt-total';
import { cutAtLabelText } from './receipt-vocabulary';

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

const field = <T>(value: T, confidence: number): ReadField<T> => ({
  value,
  confidence: Math.round(Math.max(0, Math.min(1, confidence)) * 1000) / 1000,
});

/**
 * How sure the engine was of some characters. Codes, dates and amounts take the weakest: one
 * wrong digit is a wrong field. Names take the mean over their characters (a word's confidence
 * weighted by its length): a long name is not unsure because one short token of it is.
 */
function confidenceOf(chars: readonly RowChar[], how: 'weakest' | 'mean' = 'weakest'): number {
  const real = chars.filter((c) => c.ch.trim() !== '');
  if (real.length === 0) return 0;
  if (how === 'weakest') return Math.min(...real.map((c) => c.confidence));
  return real.reduce((sum, c) => sum + c.confidence, 0) / real.length;
}

/** A value found in a cell: its text, its characters, and the page box to read it again. */
interface Located {
  raw: string;
  chars: RowChar[];
  cell: Cell;
}

/** The first match of `pattern` (group 1) in the field's candidate cells, nearest first. */
function locate(candidates: readonly FieldCandidates[], roles: readonly FieldRole[], pattern: RegExp) {
  for (const c of candidates.filter((f) => roles.includes(f.role)))
    for (const cell of c.cells) {
      const m = pattern.exec(cell.text);
      if (!m || m[1] === undefined) continue;
      const start = m.index + m[0].indexOf(m[1]);
      return { raw: m[1], chars: cell.chars.slice(start, start + m[1].length), cell, groups: m.slice(1) };
    }
  return undefined;
}

/** Where a field's value would be when its label was found but nothing there parsed. */
function firstCell(candidates: readonly FieldCandidates[], roles: readonly FieldRole[]): Cell | undefined {
  return candidates.find((f) => roles.includes(f.role) && f.cells.length > 0)?.cells[0];
}

function region(field: RereadField, found: Located | undefined, fallback: Cell | undefined): FieldRegion[] {
  const cell = found?.cell ?? fallback;
  if (!cell) return [];
  const box = boxOf(cell.row, found?.chars ?? cell.chars);
  return box ? [{ field, box }] : [];
}

type Extracted<T> = { field: ReadField<T>; regions: FieldRegion[] };

function digitField(
  candidates: readonly FieldCandidates[],
  role: 'billBatchCode' | 'billNo',
  length: number,
): Extracted<string> {
  // At most two letters taken for digits: "Bill" is not a number.
  const found = locate(candidates, [role], new RegExp(`(?<![0-9])([0-9OoDIl|SBZ]{${length}})(?![0-9])`));
  const ok = found && [...found.raw].filter((c) => /\d/.test(c)).length >= length - 2;
  const regions = region(role, ok ? found : undefined, firstCell(candidates, [role]));
  if (!found || !ok) return { field: emptyField(), regions };
  const { value, repaired } = digitsOnly(found.raw);
  return { field: field(value, confidenceOf(found.chars) * (repaired ? 0.7 : 1)), regions };
}

function checkCodeField(candidates: readonly FieldCandidates[]): Extracted<string> {
  const found = locate(candidates, ['checkCode'], /(?<![0-9a-zA-Z])([0-9a-fA-FOoIl]{6})(?![0-9a-zA-Z])/);
  const regions = region('checkCode', found, firstCell(candidates, ['checkCode']));
  if (!found) return { field: emptyField(), regions };
  const value = found.raw.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').toLowerCase();
  const repaired = value !== found.raw.toLowerCase();
  return { field: field(value, confidenceOf(found.chars) * (repaired ? 0.7 : 1)), regions };
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function dateField(candidates: readonly FieldCandidates[]): Extracted<string> {
  // 2026-03-05, 2026/3/5, 2026.03.05, 2026年3月5日, 2026年03月05日; else 20260305 written solid.
  const found =
    locate(candidates, ['issueDate'], /((\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2}))(?!\d)/) ??
    locate(candidates, ['issueDate'], /(?<!\d)((20\d{2})(\d{2})(\d{2}))(?!\d)/);
  const regions = region('issueDate', found, firstCell(candidates, ['issueDate']));
  if (!found) return { field: emptyField(), regions };
  const [y, m, d] = [found.groups[1], found.groups[2], found.groups[3]].map(Number) as [
    number,
    number,
    number,
  ];
  if (!isCalendarDate(y, m, d)) return { field: emptyField(), regions };
  const value = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { field: field(value, confidenceOf(found.chars)), regions };
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

/**
 * A name: the first cell after (or under) its label. A colon early in the cell ends a gloss
 * the vocabulary does not know ("Payer:"); the value starts after it. Cut at any label's text.
 */
function nameField(
  candidates: readonly FieldCandidates[],
  role: 'payerName' | 'hospitalName',
): Extracted<string> {
  for (const c of candidates.filter((f) => f.role === role))
    for (const cell of c.cells) {
      let start = 0;
      const colon = cell.text.indexOf(':');
      if (colon >= 0 && colon <= 24 && !/\d/.test(cell.text.slice(0, colon))) start = colon + 1;
      const lead = /^[\s:.…。·、,]*/.exec(cell.text.slice(start))?.[0].length ?? 0;
      start += lead;
      const value = cutAtLabelText(cell.text.slice(start)).trim();
      if (!/[\p{L}]/u.test(value)) continue;
      const chars = cell.chars.slice(start, start + value.length);
      const read = confidenceOf(chars, 'mean');
      const confidence = isWellFormedName(value) ? read : Math.min(read, MALFORMED_NAME);
      const box = boxOf(cell.row, chars);
      return { field: field(value, confidence), regions: box ? [{ field: role, box }] : [] };
    }
  return { field: emptyField(), regions: region(role, undefined, firstCell(candidates, [role])) };
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

function items(rows: readonly Row[]): ReadItem[] {
  const start = rows.findIndex((r) => /项目|名称|数量/.test(r.text));
  if (start < 0) return [];
  const out: ReadItem[] = [];
  for (const row of rows.slice(start + 1)) {
    if (/合计|小写|大写/.test(row.text)) break;
    const m = ITEM_LINE.exec(row.text);
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
      confidence: Math.round(row.line.confidence * (qty === null || repaired ? 0.8 : 1) * 1000) / 1000,
    });
  }
  return out;
}

const AMOUNT = /(?<![\d.,])(\d{1,3}(?:,\d{3})+[.,]\d{2}|\d+[.,]\d{2})(?![\d])/;
/** The amount in words: from its first capital to its last (misread characters inside kept). */
const WORDS = /[零壹贰叁参肆伍陆柒捌玖拾佰仟万亿元圆角分整][\u3400-\u9fff]*[元圆角分整]/;

/**
 * What the page says of the total: the figures after 合计(小写) (or a bare 合计), the words after
 * 合计(大写) (or a bare 合计: "合计 贰佰贰拾壹元玖角肆分 ¥221.94" has both on one line), the
 * items' sum. Amounts under other labels (个人现金支付 …) are never taken for it.
 */
function totalEvidence(
  candidates: readonly FieldCandidates[],
  itemList: ReadItem[],
): { evidence: TotalEvidence; regions: FieldRegion[] } {
  const evidence: TotalEvidence = { figures: [], words: [] };
  const regions: FieldRegion[] = [];
  const figures = locate(candidates, ['totalFigures', 'total'], new RegExp(`(${AMOUNT.source})`));
  const inFigures = figures ? parseYuan(figures.raw) : undefined;
  if (figures && inFigures !== undefined)
    evidence.figures.push({ fen: inFigures, confidence: confidenceOf(figures.chars) });
  regions.push(...region('totalFigures', figures, firstCell(candidates, ['totalFigures'])).slice(0, 1));
  const words = locate(candidates, ['totalWords', 'total'], new RegExp(`(${WORDS.source})`));
  if (words) evidence.words.push({ text: words.raw, confidence: confidenceOf(words.chars) });
  regions.push(...region('totalWords', words, firstCell(candidates, ['totalWords'])));
  if (itemList.length > 0) evidence.itemsSum = itemList.reduce((s, i) => s + i.amountFen, 0);
  return { evidence, regions };
}

/** The first pass's reading, what it saw of the total, and where each value is (a second pass reads them again). */
export interface ReceiptEvidence {
  reading: ReceiptReading;
  total: TotalEvidence;
  regions: FieldRegion[];
}

/** Reads the fields of a Chinese paper medical bill from OCR lines, with the evidence for the total. */
export function extractReceiptEvidence(ocrLines: readonly OcrLine[], source: string): ReceiptEvidence {
  const rows = buildRows(ocrLines);
  const candidates = findFieldCandidates(rows);
  const itemList = items(rows);
  const total = totalEvidence(candidates, itemList);
  const fields = {
    billBatchCode: digitField(candidates, 'billBatchCode', 8),
    billNo: digitField(candidates, 'billNo', 10),
    checkCode: checkCodeField(candidates),
    issueDate: dateField(candidates),
    hospitalName: nameField(candidates, 'hospitalName'),
    payerName: nameField(candidates, 'payerName'),
  };
  return {
    reading: {
      billBatchCode: fields.billBatchCode.field,
      billNo: fields.billNo.field,
      checkCode: fields.checkCode.field,
      issueDate: fields.issueDate.field,
      hospitalName: fields.hospitalName.field,
      payerName: fields.payerName.field,
      totalAmtFen: decideTotal(total.evidence),
      items: itemList,
      source,
    },
    total: total.evidence,
    regions: [...Object.values(fields).flatMap((f) => f.regions), ...total.regions],
  };
}

/** Reads the fields of a Chinese paper medical bill from OCR lines. */
export function extractReceiptFields(ocrLines: readonly OcrLine[], source: string): ReceiptReading {
  return extractReceiptEvidence(ocrLines, source).reading;
}
