import type { FieldRegion, RereadField } from './receipt-field-regions';
import { normalizeName, type ReadField, type ReceiptReading } from './receipt-reading';
import type { FieldRead } from './receipt-reread';

/**
 * The cascade's cheap second opinion (adapters/ocr/cascade-engine.ts): the first engine read the
 * whole page; the second reads only the value boxes of the fields whose checks cannot catch a
 * misread on their own, and can then only confirm a value or cast doubt on it, never replace it.
 * Pure: the engines do the reading.
 *
 * Which fields: the payer's name (no check at all: PaddleOCR read 患 as 惠 at 0.97), the bill
 * number and the check code (a format check only: any digit misread passes). The bill code
 * (province, year, the hospital's district), the hospital name (the registry), the total (figures
 * = words = items) and the date (range, and its year against the bill code's) have checks that
 * catch a misread, so one engine that passes them is enough.
 *
 * Agreement: the second read's text, whitespace dropped and full-width folded, contains the
 * value (the box is cut with a margin, so a neighbouring label's character may come with it).
 */

export const CROSS_CHECKED: readonly RereadField[] = ['payerName', 'billNo', 'checkCode'];

/** Disagreeing engines: a clerk decides. */
const IN_DOUBT = 0.5;
const MAX = 0.99;

/** The boxes the second engine reads: the cross-checked fields that have a value and a box. */
export function regionsToCrossCheck(reading: ReceiptReading, regions: readonly FieldRegion[]): FieldRegion[] {
  return regions.filter(
    (r, i) =>
      CROSS_CHECKED.includes(r.field) &&
      regions.findIndex((s) => s.field === r.field) === i &&
      (reading[r.field as keyof ReceiptReading] as ReadField<unknown>).value !== null,
  );
}

const compact = (text: string) => normalizeName(text).replace(/[^\p{L}\p{N}()·]/gu, '');

/** One field's value against the second engine's read of its box. */
export function crossCheckField(first: ReadField<string>, second: FieldRead | undefined): ReadField<string> {
  if (first.value === null || !second) return first;
  const round = (c: number) => Math.round(c * 1000) / 1000;
  if (compact(second.text).includes(compact(first.value))) {
    // Two engines agree: surer than either, unless the value already failed a check.
    const agreed =
      first.confidence > IN_DOUBT
        ? 1 - (1 - first.confidence) * (1 - Math.max(second.confidence, 0.5))
        : first.confidence;
    return { value: first.value, confidence: round(Math.min(Math.max(agreed, first.confidence), MAX)) };
  }
  return { value: first.value, confidence: round(Math.min(first.confidence, IN_DOUBT)) };
}

/** The reading with each cross-checked field confirmed or put in doubt by its second read. */
export function applyCrossChecks(
  reading: ReceiptReading,
  reads: Partial<Record<RereadField, FieldRead>>,
): ReceiptReading {
  const out: ReceiptReading = { ...reading };
  for (const field of CROSS_CHECKED) {
    if (field === 'totalFigures' || field === 'totalWords' || !reads[field]) continue;
    out[field] = crossCheckField(reading[field], reads[field]);
  }
  return out;
}
