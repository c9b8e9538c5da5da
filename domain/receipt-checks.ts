import { MIN_FIELD_CONFIDENCE, normalizeName, type ReadField, type ReceiptReading } from './receipt-reading';
import { containsLabelText } from './receipt-vocabulary';

/**
 * A field is trusted (confidence ≥ MIN_FIELD_CONFIDENCE) only when the reading and the field's
 * own checks agree. The reading's confidence says how sure the OCR was of the characters; these
 * checks say whether the value can be what the receipt printed:
 *
 * - bill code: 8 digits, a province code (11–82) first, the issue year's last two digits last
 *   (the national e-bill's code is the issuing district's code + the year), and the district of
 *   the hospital when its name is in the registry;
 * - bill number: 10 digits; check code: 6 hexadecimal characters;
 * - issue date: a calendar date, not after today and not more than `maxAgeDays` before it;
 * - hospital name: in the hospital registry (a name one character from exactly one registered
 *   name is taken as that name, but only just trusted); without a registry only its form;
 * - payer name: 2–20 letters or digits, brackets paired, no label text;
 * - total: decided from figures, words and items (receipt-total.ts); nothing more here.
 *
 * A field that fails its check keeps its value (the clerk sees it) with confidence at most
 * FAILED; checks never raise a confidence above what the reading gave, except that a corrected
 * hospital name gets CORRECTED_NAME.
 */

export interface KnownHospital {
  name: string;
  /** 'H' + 6-digit district + 5 digits (adapters/hospital-registry.ts). */
  code: string;
}

export interface ReceiptCheckContext {
  /** The hospital registry's names; absent: names are checked for form only. */
  hospitals?: readonly KnownHospital[];
  /** YYYY-MM-DD; the latest plausible issue date. */
  today: string;
  /** How old a receipt can be (the claim window). Default 730 days. */
  maxAgeDays?: number;
}

export const FAILED = 0.5;
export const CORRECTED_NAME = 0.85;

const cap = <T>(f: ReadField<T>, max: number): ReadField<T> =>
  f.value === null ? f : { value: f.value, confidence: Math.min(f.confidence, max) };

const daysBetween = (a: string, b: string) =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/** The registered hospital a read name is: exactly, or one character off from exactly one name. */
export function matchHospital(
  read: string,
  hospitals: readonly KnownHospital[],
): { hospital: KnownHospital; exact: boolean } | undefined {
  const name = normalizeName(read);
  const exact = hospitals.find((h) => normalizeName(h.name) === name);
  if (exact) return { hospital: exact, exact: true };
  if (name.length < 8) return undefined;
  const near = hospitals.filter((h) => editDistance(normalizeName(h.name), name) <= 1);
  // The next nearest must be far: two registered names a few characters apart cannot be told apart.
  if (near.length !== 1) return undefined;
  const [only] = near as [KnownHospital];
  const runnerUp = hospitals.some((h) => h !== only && editDistance(normalizeName(h.name), name) <= 3);
  return runnerUp ? undefined : { hospital: only, exact: false };
}

function checkBillCode(
  f: ReadField<string>,
  issueDate: string | null,
  hospital: KnownHospital | undefined,
): ReadField<string> {
  const v = f.value;
  if (v === null) return f;
  const province = Number(v.slice(0, 2));
  const ok =
    /^\d{8}$/.test(v) &&
    province >= 11 &&
    province <= 82 &&
    (issueDate === null || v.slice(6) === issueDate.slice(2, 4)) &&
    (!hospital || v.slice(0, 6) === hospital.code.slice(1, 7));
  // The year cross-check needs a date: a code whose year cannot be checked is not trusted on its own.
  return ok && issueDate !== null ? f : cap(f, ok ? MIN_FIELD_CONFIDENCE - 0.05 : FAILED);
}

function checkDate(f: ReadField<string>, context: ReceiptCheckContext): ReadField<string> {
  if (f.value === null) return f;
  const age = daysBetween(f.value, context.today);
  return age >= 0 && age <= (context.maxAgeDays ?? 730) ? f : cap(f, FAILED);
}

const wellFormed = (name: string) => {
  let depth = 0;
  for (const ch of name.normalize('NFKC')) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
};

function checkPayer(f: ReadField<string>): ReadField<string> {
  if (f.value === null) return f;
  const v = normalizeName(f.value);
  const ok = /^[\p{L}\p{N}·()]{2,20}$/u.test(v) && /\p{L}/u.test(v) && wellFormed(v) && !containsLabelText(v);
  return ok ? f : cap(f, FAILED);
}

function checkHospital(
  f: ReadField<string>,
  hospitals: readonly KnownHospital[] | undefined,
): { field: ReadField<string>; hospital?: KnownHospital } {
  if (f.value === null) return { field: f };
  if (!wellFormed(f.value) || containsLabelText(f.value)) return { field: cap(f, FAILED) };
  if (!hospitals) return { field: f };
  const match = matchHospital(f.value, hospitals);
  if (!match) return { field: cap(f, FAILED) };
  if (match.exact) return { field: f, hospital: match.hospital };
  return { field: { value: match.hospital.name, confidence: CORRECTED_NAME }, hospital: match.hospital };
}

/** The reading with each field's confidence bounded by its checks. */
export function checkReading(reading: ReceiptReading, context: ReceiptCheckContext): ReceiptReading {
  if (reading.source === 'qr') return reading;
  const issueDate = checkDate(reading.issueDate, context);
  const hospital = checkHospital(reading.hospitalName, context.hospitals);
  const format = (f: ReadField<string>, pattern: RegExp) =>
    f.value === null || pattern.test(f.value) ? f : cap(f, FAILED);
  return {
    ...reading,
    billBatchCode: checkBillCode(reading.billBatchCode, issueDate.value, hospital.hospital),
    billNo: format(reading.billNo, /^\d{10}$/),
    checkCode: format(reading.checkCode, /^[0-9a-f]{6}$/),
    issueDate,
    hospitalName: hospital.field,
    payerName: checkPayer(reading.payerName),
  };
}
