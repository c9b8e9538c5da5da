import type { OcrBox } from './receipt-text';
import { COLUMN_BREAK, type Row, type RowChar } from './receipt-rows';
import {
  EXACT_LABEL,
  FIELD_ROLES,
  fuzzyLabelPattern,
  isPrintedLabel,
  roleOf,
  type LabelRole,
} from './receipt-vocabulary';

/**
 * Where each field's value is, found by meaning rather than by position: every row is cut into
 * labels (receipt-vocabulary.ts) and cells (text between labels and column breaks). A field's
 * value is the cell after its label on the same row (several fields on one line, a label and its
 * value in two table cells); when nothing follows the label on its row, the cell under it (labels
 * above their values: boxes with captions, thermal slips). A cell ends at the next label of any
 * kind, so a value never carries label text.
 */

export type FieldRole = (typeof FIELD_ROLES)[number];

export interface Cell {
  text: string;
  chars: RowChar[];
  row: Row;
}

interface Token {
  kind: 'label' | 'cell';
  role?: LabelRole;
  start: number;
  end: number;
}

interface Segmented {
  row: Row;
  tokens: Token[];
}

/** A field's label and the cells that may hold its value, nearest first. */
export interface FieldCandidates {
  role: FieldRole;
  /** The label as found (for the bench and debugging). */
  label: string;
  cells: Cell[];
}

function labelMatches(text: string, pattern: RegExp): Token[] {
  return [...text.matchAll(pattern)].map((m) => ({
    kind: 'label' as const,
    role: isPrintedLabel(m[1] ?? '') ? roleOf(m[1] ?? '') : undefined,
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Cells between labels, split at column breaks; empty ones (only punctuation) dropped. */
function tokensOf(row: Row, labels: Token[]): Token[] {
  const sorted = [...labels].sort((a, b) => a.start - b.start);
  const tokens: Token[] = [];
  let at = 0;
  const addCells = (from: number, to: number) => {
    const chunk = row.text.slice(from, to);
    let offset = 0;
    for (const part of chunk.split(COLUMN_BREAK)) {
      const lead = part.length - part.trimStart().length;
      const trimmed = part.trim().replace(/^[:.…。·、,]+/, '');
      const start = from + offset + lead + (part.trim().length - trimmed.length);
      if (/[\p{L}\p{N}]/u.test(trimmed))
        tokens.push({ kind: 'cell', start, end: start + trimmed.trimEnd().length });
      offset += part.length + COLUMN_BREAK.length;
    }
  };
  for (const label of sorted) {
    if (label.start < at) continue;
    addCells(at, label.start);
    tokens.push(label);
    at = label.end;
  }
  addCells(at, row.text.length);
  return tokens;
}

function cellOf(row: Row, token: Token): Cell {
  return {
    text: row.text.slice(token.start, token.end),
    chars: row.chars.slice(token.start, token.end),
    row,
  };
}

/**
 * Where a token's printed characters are. Spaces do not count: a label's token takes the column
 * break after it, whose "characters" stretch over the gap to the next piece, and would put a
 * label (收费员 inside 测试收费员) right under a label on the other side of the page.
 */
function xSpan(chars: RowChar[]): { x0: number; x1: number } | undefined {
  const real = chars.filter((c) => c.x1 > c.x0 && c.ch.trim() !== '');
  if (real.length === 0) return undefined;
  return { x0: Math.min(...real.map((c) => c.x0)), x1: Math.max(...real.map((c) => c.x1)) };
}

/** The cell under a label (labels above their values): the nearest row below with a cell across from it. */
function cellBelow(rows: Segmented[], index: number, label: Token): Cell | undefined {
  const here = rows[index] as Segmented;
  const span = xSpan(here.row.chars.slice(label.start, label.end));
  const height = here.row.box ? here.row.box.y1 - here.row.box.y0 : 0;
  for (const below of rows.slice(index + 1, index + 3)) {
    if (here.row.box && below.row.box && below.row.box.y0 - here.row.box.y1 > 2.5 * height) return undefined;
    for (const token of below.tokens) {
      const cellSpan = xSpan(below.row.chars.slice(token.start, token.end));
      const across =
        span && cellSpan
          ? cellSpan.x0 < span.x1 + height && cellSpan.x1 > span.x0 - height * 0.5
          : token === below.tokens[0];
      if (!across) continue;
      // A label right under it (a form of stacked labels): nothing below is this label's value.
      if (token.kind === 'label') return undefined;
      return cellOf(below.row, token);
    }
  }
  return undefined;
}

/** Labels of the rows, exact first; a field no row prints exactly is looked for one character off. */
function segment(rows: readonly Row[]): Segmented[] {
  const labels = rows.map((row) => labelMatches(row.text, EXACT_LABEL));
  const present = new Set(labels.flat().map((t) => t.role));
  for (const role of FIELD_ROLES) {
    if (present.has(role)) continue;
    const fuzzy = fuzzyLabelPattern(role);
    if (!fuzzy) continue;
    rows.forEach((row, i) => {
      const own = labels[i] as Token[];
      for (const m of labelMatches(row.text, fuzzy)) {
        const text = row.text.slice(m.start, m.end).replace(/[\s:.…。·、]+$/, '');
        if (isPrintedLabel(text) || own.some((t) => t.start < m.end && m.start < t.end)) continue;
        own.push({ ...m, role });
        present.add(role);
      }
    });
  }
  return rows.map((row, i) => ({ row, tokens: tokensOf(row, labels[i] as Token[]) }));
}

/**
 * Every field label on the page with its candidate cells: the cells after it on its row up to the
 * next label, or else the cell under it. The first label of a field wins (a receipt prints each
 * once; a second 合计 is usually the item table's subtotal or a fund's line).
 */
export function findFieldCandidates(rows: readonly Row[]): FieldCandidates[] {
  const segmented = segment(rows);
  const out: FieldCandidates[] = [];
  segmented.forEach(({ row, tokens }, index) => {
    tokens.forEach((token, t) => {
      if (token.kind !== 'label' || !token.role || token.role === 'other') return;
      const role = token.role as FieldRole;
      const cells: Cell[] = [];
      for (const next of tokens.slice(t + 1)) {
        if (next.kind === 'label') break;
        cells.push(cellOf(row, next));
      }
      if (cells.length === 0) {
        const below = cellBelow(segmented, index, token);
        if (below) cells.push(below);
      }
      out.push({ role, label: row.text.slice(token.start, token.end), cells });
    });
  });
  return out;
}

/**
 * The page box of some characters of a row, for a field's second read: a little wider than the
 * characters (the first pass may have lost the value's first or last character) and taller.
 */
export function boxOf(row: Row, chars: RowChar[]): OcrBox | undefined {
  const span = xSpan(chars);
  if (!span || !row.box) return undefined;
  const h = row.box.y1 - row.box.y0;
  return {
    x0: Math.max(0, span.x0 - h * 0.3),
    y0: Math.max(0, row.box.y0 - h * 0.2),
    x1: span.x1 + h * 0.6,
    y1: row.box.y1 + h * 0.2,
  };
}
