import {
  MIN_FIELD_CONFIDENCE,
  normalizeName,
  RECEIPT_FIELDS,
  type ReadField,
  type ReceiptFieldName,
  type ReceiptReading,
} from './receipt-reading';

/**
 * Two engines' readings of one page, combined field by field (the `cascade` engine: tesseract
 * first, PaddleOCR only when the first leaves a field untrusted). Two engines that agree are
 * two independent reads: the value is surer than either. Two that disagree are in doubt, and a
 * clerk decides, even when one of them was sure. Pure; both readings already checked
 * (domain/receipt-checks.ts), so a value that failed its checks brings its capped confidence.
 */

/** Disagreeing engines: below the review bar. */
const IN_DOUBT = 0.5;
const MAX = 0.99;

/** Whether the first reading leaves any field untrusted (then the second engine reads the page). */
export function needsSecondEngine(reading: ReceiptReading): boolean {
  return RECEIPT_FIELDS.some(
    (f) => reading[f].value === null || reading[f].confidence < MIN_FIELD_CONFIDENCE,
  );
}

const round = (c: number) => Math.round(c * 1000) / 1000;

function same(field: ReceiptFieldName, a: unknown, b: unknown): boolean {
  return field === 'hospitalName' || field === 'payerName'
    ? normalizeName(String(a)) === normalizeName(String(b))
    : a === b;
}

function combine<T>(field: ReceiptFieldName, a: ReadField<T>, b: ReadField<T>): ReadField<T> {
  if (a.value === null) return b;
  if (b.value === null) return a;
  if (same(field, a.value, b.value)) {
    // Agreeing reads only add up when neither failed its checks (a failed check caps at 0.5).
    const agreed =
      a.confidence > IN_DOUBT && b.confidence > IN_DOUBT
        ? 1 - (1 - a.confidence) * (1 - b.confidence)
        : Math.min(a.confidence, b.confidence);
    return { value: a.value, confidence: round(Math.min(agreed, MAX)) };
  }
  const better = b.confidence > a.confidence ? b : a;
  return { value: better.value, confidence: round(Math.min(a.confidence, b.confidence, IN_DOUBT)) };
}

export function combineEngineReadings(first: ReceiptReading, second: ReceiptReading): ReceiptReading {
  const out: ReceiptReading = { ...first, source: `${first.source}+${second.source}` };
  for (const field of RECEIPT_FIELDS) {
    // Each field keeps its own type: the total is a number, the rest strings.
    (out as unknown as Record<string, ReadField<unknown>>)[field] = combine(
      field,
      first[field] as ReadField<unknown>,
      second[field] as ReadField<unknown>,
    );
  }
  // The items of the engine that read more of them (they only feed the clerk's view here).
  out.items = second.items.length > first.items.length ? second.items : first.items;
  return out;
}
