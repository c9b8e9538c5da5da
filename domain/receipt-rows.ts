import type { OcrBox, OcrLine } from './receipt-text';

/**
 * OCR output as rows of characters, each character with where it is and how sure the engine
 * was of it. Engines cut a page differently: tesseract gives whole lines of words, PaddleOCR
 * gives one box per run of text (a label and its value two boxes apart). Boxes on the same
 * level are joined into one row here, left to right, and a gap wider than a character becomes
 * a column break ("   "), so the field finder (receipt-fields.ts) sees one kind of input.
 */

export interface RowChar {
  ch: string;
  x0: number;
  x1: number;
  confidence: number;
}

export interface Row {
  text: string;
  /** One per character of `text`. */
  chars: RowChar[];
  box?: OcrBox;
  /** The first engine line of the row (item lines keep its confidence). */
  line: OcrLine;
}

/** A column break: three spaces (a value never holds more than two in a row). */
export const COLUMN_BREAK = '   ';

/** Full-width forms, Chinese semicolons and book-title brackets as the labels are written. */
export function normalizePiece(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[；;]/g, ':')
    .replace(/[〈《【［]/g, '(')
    .replace(/[〉》】］]/g, ')')
    .replace(/[￥]/g, '¥')
    .replace(/\u3000/g, ' ');
}

const CJK = /[\u3400-\u9fff:()]/;

interface Piece {
  text: string;
  confidence: number;
  box?: OcrBox;
}

function piecesOf(line: OcrLine): Piece[] {
  if (line.words.length > 0 && line.words.every((w) => w.bbox))
    return line.words.map((w) => ({ text: w.text, confidence: w.confidence, box: w.bbox }));
  return [{ text: line.text, confidence: line.confidence, box: line.bbox }];
}

/** A piece's characters spread evenly over its box. Runs of spaces inside it are kept as they are. */
function charsOf(piece: Piece): RowChar[] {
  const text = normalizePiece(piece.text);
  const chars = [...text];
  const { x0, x1 } = piece.box ?? { x0: 0, x1: 0 };
  const step = chars.length > 0 ? (x1 - x0) / chars.length : 0;
  return chars.map((ch, i) => ({
    ch,
    x0: x0 + i * step,
    x1: x0 + (i + 1) * step,
    confidence: piece.confidence,
  }));
}

/** Single spaces between CJK characters are OCR's word splits inside a word; wider gaps stay. */
function tidy(chars: RowChar[]): RowChar[] {
  const out: RowChar[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as RowChar;
    if (c.ch === ' ') {
      let j = i;
      while (chars[j]?.ch === ' ') j++;
      const run = j - i;
      const before = out[out.length - 1]?.ch ?? '';
      const after = chars[j]?.ch ?? '';
      if (out.length === 0 || j >= chars.length) {
        i = j - 1;
        continue;
      }
      const keep = run >= 3 ? 3 : CJK.test(before) && CJK.test(after) ? 0 : 1;
      for (let k = 0; k < keep; k++) out.push({ ...c });
      i = j - 1;
      continue;
    }
    out.push(c);
  }
  // ":" with spaces around it: the spaces go (the colon binds label and value).
  return out.filter(
    (c, i) =>
      !(c.ch === ' ' && (out[i - 1]?.ch === ':' || (out[i + 1]?.ch === ':' && out[i + 2]?.ch !== ' '))),
  );
}

const heightOf = (box: OcrBox) => box.y1 - box.y0;

/** Same row: the two boxes overlap vertically by more than half the smaller one's height. */
function sameRow(a: OcrBox, b: OcrBox): boolean {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return overlap > 0.5 * Math.min(heightOf(a), heightOf(b));
}

function rowOf(lines: OcrLine[]): Row {
  const pieces = lines.flatMap(piecesOf).sort((a, b) => (a.box?.x0 ?? 0) - (b.box?.x0 ?? 0));
  const height = Math.max(...lines.map((l) => (l.bbox ? heightOf(l.bbox) : 0)), 1);
  const chars: RowChar[] = [];
  let previous: Piece | undefined;
  for (const piece of pieces) {
    if (previous?.box && piece.box) {
      const gap = piece.box.x0 - previous.box.x1;
      const spaces = gap > 1.2 * height ? 3 : gap > 0.25 * height ? 1 : 0;
      for (let k = 0; k < spaces; k++)
        chars.push({ ch: ' ', x0: previous.box.x1, x1: piece.box.x0, confidence: 1 });
    } else if (previous) chars.push({ ch: ' ', x0: 0, x1: 0, confidence: 1 });
    chars.push(...charsOf(piece));
    previous = piece;
  }
  const kept = tidy(chars);
  const boxes = lines.flatMap((l) => (l.bbox ? [l.bbox] : []));
  const box =
    boxes.length > 0
      ? {
          x0: Math.min(...boxes.map((b) => b.x0)),
          y0: Math.min(...boxes.map((b) => b.y0)),
          x1: Math.max(...boxes.map((b) => b.x1)),
          y1: Math.max(...boxes.map((b) => b.y1)),
        }
      : undefined;
  return {
    text: kept.map((c) => c.ch).join(''),
    chars: kept,
    line: lines[0] as OcrLine,
    ...(box ? { box } : {}),
  };
}

/**
 * Rows from an engine's lines: lines with boxes are grouped by level (top to bottom, each row
 * left to right); lines without (a recorded response, a test) are rows as they come.
 */
export function buildRows(lines: readonly OcrLine[]): Row[] {
  const groups: OcrLine[][] = [];
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    const box = line.bbox;
    const group = box
      ? groups.find((g) => g.every((l) => l.bbox && sameRow(l.bbox, box) && !overlapsX(l.bbox, box)))
      : undefined;
    if (group) group.push(line);
    else groups.push([line]);
  }
  const rows = groups.map(rowOf).filter((r) => r.text.trim() !== '');
  return rows.every((r) => r.box) ? rows.sort((a, b) => (a.box?.y0 ?? 0) - (b.box?.y0 ?? 0)) : rows;
}

function overlapsX(a: OcrBox, b: OcrBox): boolean {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.3 * Math.min(a.x1 - a.x0, b.x1 - b.x0);
}
