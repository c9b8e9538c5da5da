import type { FieldRegion, RereadField } from './receipt-field-regions';
import {
  normalizeName,
  parseYuan,
  RECEIPT_FIELDS,
  type ReadField,
  type ReceiptReading,
} from './receipt-reading';
import { isWellFormedName, normalizeLine, type ReceiptEvidence } from './receipt-text';
import { decideTotal } from './receipt-total';

/**
 * The second pass: a field's value box read again on its own (cropped, enlarged, one line, only
 * the characters the field can hold), then combined with the first read. Two reads that agree
 * make a field surer; two that disagree make it unsure (a clerk looks), whichever is right.
 * Pure: the engine does the reading (adapters/ocr/tesseract-engine.ts).
 */

export interface FieldRead {
  text: string;
  /** The weakest character's confidence, 0–1 (characters outside the field's set ignored). */
  confidence: number;
  /** The total in words, also read without the character set (the set drops what it cannot place). */
  unconstrained?: FieldRead;
}

/** What the second pass may use for each field (tesseract's tessedit_char_whitelist). */
export const REREAD_CHARACTERS: Record<RereadField, string | undefined> = {
  billBatchCode: '0123456789',
  billNo: '0123456789',
  // Lower case only: the bills print it so, and with A–F allowed a smudged 5 reads as D.
  checkCode: '0123456789abcdef',
  issueDate: '0123456789-',
  // Not ¥: tesseract reads it as 半 or Y beside the digits; without it in the set, it is dropped.
  totalFigures: '0123456789.,',
  // Read twice, with and without this set (receipt-amount-words.ts takes both).
  totalWords: '零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整',
  hospitalName: undefined,
  payerName: undefined,
};

/** Read twice whatever the first pass made of it: the check code, the field OCR reads worst. */
const ALWAYS: readonly RereadField[] = ['checkCode'];
/** Others are read again when the first read is missing or below this. */
const SURE_ENOUGH = 0.9;

export function fieldsToReread(reading: ReceiptReading, regions: readonly FieldRegion[]): FieldRegion[] {
  return regions.filter((r) => {
    if (ALWAYS.includes(r.field)) return true;
    // The total's figures and words, unless the first pass already confirmed the total.
    const first =
      r.field === 'totalFigures' || r.field === 'totalWords' ? reading.totalAmtFen : reading[r.field];
    return first.value === null || first.confidence < SURE_ENOUGH;
  });
}

const isCalendarDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** The value a second read holds, in the field's format; undefined when it does not fit. */
export function parseRereadValue(
  field: Exclude<RereadField, 'totalFigures' | 'totalWords'>,
  text: string,
): string | undefined {
  const compact = text.normalize('NFKC').replace(/\s/g, '');
  switch (field) {
    case 'billBatchCode':
      return /^\d{8}$/.test(compact) ? compact : undefined;
    case 'billNo':
      return /^\d{10}$/.test(compact) ? compact : undefined;
    case 'checkCode':
      return /^[0-9a-fA-F]{6}$/.test(compact) ? compact.toLowerCase() : undefined;
    case 'issueDate': {
      const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(compact);
      if (!m) return undefined;
      const [y, mo, d] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
      return isCalendarDate(y, mo, d) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
    }
    case 'hospitalName':
    case 'payerName': {
      const name = normalizeLine(text).replace(/^[:.,、。·\s]+/, '');
      return name === '' || !isWellFormedName(name) ? undefined : name;
    }
  }
}

const round = (c: number) => Math.round(Math.max(0, Math.min(1, c)) * 1000) / 1000;
/** Disagreeing reads: a clerk decides. */
const IN_DOUBT = 0.5;
/** A value only the second read found: one read, so never above the review bar on its own. */
const SINGLE_READ_CAP = 0.75;

function same(field: RereadField, a: string, b: string): boolean {
  return field === 'hospitalName' || field === 'payerName' ? normalizeName(a) === normalizeName(b) : a === b;
}

/** One field's first read combined with its second. */
export function combineReads(
  field: Exclude<RereadField, 'totalFigures' | 'totalWords'>,
  first: ReadField<string>,
  second: FieldRead | undefined,
): ReadField<string> {
  const value = second ? parseRereadValue(field, second.text) : undefined;
  if (!second || value === undefined) {
    // The second read found nothing in the field's format: the first stands, a little less sure.
    return second && first.value !== null ? { ...first, confidence: round(first.confidence * 0.9) } : first;
  }
  const firstMalformed = first.value !== null && field.endsWith('Name') && !isWellFormedName(first.value);
  if (first.value === null || firstMalformed)
    return { value, confidence: round(Math.min(second.confidence, SINGLE_READ_CAP)) };
  if (same(field, first.value, value)) {
    const agreed = 1 - (1 - first.confidence) * (1 - second.confidence);
    return { value: first.value, confidence: round(Math.min(agreed, 0.99)) };
  }
  const better = second.confidence > first.confidence ? value : first.value;
  return { value: better, confidence: round(Math.min(first.confidence, second.confidence, IN_DOUBT)) };
}

/** The first pass's reading with the second reads folded in (the total decided again on all of it). */
export function applyRereads(
  evidence: ReceiptEvidence,
  reads: Partial<Record<RereadField, FieldRead>>,
): ReceiptReading {
  const { reading, total } = evidence;
  const out: ReceiptReading = { ...reading };
  // Every field but the total, which is decided again below from all the evidence.
  for (const field of RECEIPT_FIELDS) {
    if (field === 'totalAmtFen') continue;
    if (reads[field]) out[field] = combineReads(field, reading[field], reads[field]);
  }
  const figures = reads.totalFigures;
  const words = reads.totalWords;
  if (figures || words) {
    const fen = figures ? parseYuan(figures.text.replace(/[^\d.,]/g, '').replace(/^[.,]+/, '')) : undefined;
    out.totalAmtFen = decideTotal({
      ...total,
      figures: [
        ...total.figures,
        ...(fen !== undefined && figures ? [{ fen, confidence: figures.confidence }] : []),
      ],
      words: [
        ...total.words,
        ...[words, words?.unconstrained].filter((w): w is FieldRead => !!w && w.text.trim() !== ''),
      ],
    });
  }
  return out;
}
