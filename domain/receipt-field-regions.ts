import { exactLabels, FORM_LABELS, fuzzyLabels, isAnotherLabel } from './receipt-labels';
import type { OcrBox, OcrLine } from './receipt-text';

/**
 * Where each field's value sits on the page, found from its printed label (票据代码, 校验码,
 * 合计(大写) …) in the first OCR pass: the box from the end of the label to the next label on
 * the same line (or a wide gap, or the line's end). The engine reads these boxes a second time,
 * cropped, enlarged and with only the characters the field can hold (receipt-reread.ts).
 */

export type Box = OcrBox;

export type RereadField =
  | 'billBatchCode'
  | 'billNo'
  | 'checkCode'
  | 'issueDate'
  | 'hospitalName'
  | 'payerName'
  | 'totalFigures'
  | 'totalWords';

export interface FieldRegion {
  field: RereadField;
  box: Box;
}

/** The labels of each field (the totals' by pattern: 小写/大写 with the second character misread). */
const LABELS: [RereadField, readonly string[] | RegExp][] = [
  ['billBatchCode', ['票据代码']],
  ['billNo', ['票据号码']],
  ['checkCode', ['校验码']],
  ['issueDate', ['开票日期']],
  ['payerName', ['交款人', '患者姓名']],
  ['hospitalName', ['医疗机构', '收款单位', '医院名称']],
  ['totalWords', /(?:合计|总计)\(?大[^\d)]?\)?:?/],
  ['totalFigures', /(?:合计|总计)\(?小[^\d)]?\)?:?/],
];

/** Any label, to know where a value ends on a line holding two fields. */
const ANY_LABEL = new RegExp(`${exactLabels(FORM_LABELS)}|合计|总计`, 'g');

const tidy = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[；;]/g, ':')
    .replace(/[〈《]/g, '(')
    .replace(/[〉》]/g, ')')
    .replace(/\s/g, '');

/** A line's words concatenated, with the x position of every character boundary. */
function layoutOf(
  line: OcrLine,
): { text: string; xAt: (index: number) => number; xStart: (index: number) => number } | undefined {
  let text = '';
  const starts: number[] = [];
  const owners: { x0: number; x1: number; from: number; length: number }[] = [];
  for (const word of line.words) {
    if (!word.bbox) return undefined;
    const t = tidy(word.text);
    if (t === '') continue;
    owners.push({ x0: word.bbox.x0, x1: word.bbox.x1, from: text.length, length: t.length });
    for (let i = 0; i < t.length; i++) starts.push(owners.length - 1);
    text += t;
  }
  // The x where the character before `index` ends (a label's end is the end of its last
  // character, not the start of the next word: a gap may lie between, where the first pass
  // lost part of the value).
  const xAt = (index: number): number => {
    if (owners.length === 0 || text.length === 0) return line.bbox?.x0 ?? 0;
    if (index <= 0) return owners[0]?.x0 ?? 0;
    const at = Math.min(index, text.length);
    const owner = owners[starts[at - 1] ?? 0];
    if (!owner) return 0;
    return owner.x0 + ((owner.x1 - owner.x0) * (at - owner.from)) / owner.length;
  };
  /** The x where the character at `index` starts. */
  const xStart = (index: number): number => {
    const owner = owners[starts[Math.min(index, text.length - 1)] ?? 0];
    if (!owner) return line.bbox?.x1 ?? 0;
    return owner.x0 + ((owner.x1 - owner.x0) * (index - owner.from)) / owner.length;
  };
  return { text, xAt, xStart };
}

interface LaidOut {
  line: OcrLine;
  box: Box;
  text: string;
  xAt: (index: number) => number;
  xStart: (index: number) => number;
}

/** Where a field's label ends on the first line that has it (as printed, else one character off). */
function findLabel(lines: readonly LaidOut[], labels: readonly string[] | RegExp) {
  const attempts =
    labels instanceof RegExp
      ? [{ pattern: labels, check: () => true }]
      : [
          { pattern: new RegExp(`(?:${exactLabels(labels)}):?`), check: () => true },
          {
            pattern: new RegExp(`(?:${fuzzyLabels(labels)}):?`),
            check: (m: string) => !isAnotherLabel(m.replace(/:$/, ''), labels),
          },
        ];
  for (const { pattern, check } of attempts)
    for (const line of lines) {
      const match = pattern.exec(line.text);
      if (match && check(match[0])) return { line, end: match.index + match[0].length };
    }
  return undefined;
}

/** The value boxes of the fields whose labels the first pass read. */
export function locateFieldRegions(lines: readonly OcrLine[]): FieldRegion[] {
  const laidOut = lines.flatMap((line): LaidOut[] => {
    const layout = layoutOf(line);
    return line.bbox && layout ? [{ line, box: line.bbox, ...layout }] : [];
  });
  const regions: FieldRegion[] = [];
  for (const [field, labels] of LABELS) {
    const found = findLabel(laidOut, labels);
    if (!found) continue;
    const { box: lineBox, text, xAt, xStart } = found.line;
    const height = lineBox.y1 - lineBox.y0;
    const nextLabel = [...text.matchAll(ANY_LABEL)].map((m) => m.index).find((s) => s >= found.end);
    const x0 = xAt(found.end);
    // A value stops at the next label, or the end of the line (plus a little: the first
    // pass may have dropped the last character).
    const x1 = nextLabel !== undefined ? xStart(nextLabel) - height * 0.3 : lineBox.x1 + height * 0.6;
    if (x1 - x0 < height * 0.5) continue;
    regions.push({
      field,
      box: {
        x0: Math.max(0, x0 - height * 0.15),
        y0: Math.max(0, lineBox.y0 - height * 0.2),
        x1,
        y1: lineBox.y1 + height * 0.2,
      },
    });
  }
  return regions;
}
