/**
 * The printed labels of the paper bill, and how to find them when OCR misreads one of their
 * characters (收城单位 for 收款单位, 术验码 for 校验码: the label's rarer characters are the ones
 * lost). A label is looked for as printed first; only when no line has it, with any one
 * character wrong, and never where the line holds a different label (交款人 with one character
 * wrong could be 收款人, the cashier).
 */

export const FORM_LABELS = [
  '票据代码',
  '票据号码',
  '校验码',
  '开票日期',
  '交款人',
  '患者姓名',
  '医疗机构',
  '收款单位',
  '医院名称',
  '收款人',
  '复核人',
] as const;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regex source of the labels as printed. */
export function exactLabels(labels: readonly string[]): string {
  return labels.map(escape).join('|');
}

/** Regex source of the labels with any one character misread (labels of three or more). */
export function fuzzyLabels(labels: readonly string[]): string {
  return labels
    .filter((l) => l.length >= 3)
    .flatMap((l) => [...l].map((_, i) => `${escape(l.slice(0, i))}[^:\\s\\d]${escape(l.slice(i + 1))}`))
    .join('|');
}

/** A fuzzy match that is really another label of the form. */
export function isAnotherLabel(matched: string, labels: readonly string[]): boolean {
  return (FORM_LABELS as readonly string[]).includes(matched) && !labels.includes(matched);
}
