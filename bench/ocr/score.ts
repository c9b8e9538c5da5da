import {
  MIN_FIELD_CONFIDENCE,
  normalizeName,
  RECEIPT_FIELDS,
  type ReceiptFieldName,
  type ReceiptReading,
} from '../../domain/receipt-reading';
import type { BenchFixture } from './fixtures';

/** One page read by one engine, scored against its truth. */
export interface PageResult {
  fixture: string;
  layout: string;
  heldOut: boolean;
  engine: string;
  seconds: number;
  cpuSeconds: number;
  fields: { field: ReceiptFieldName; ok: boolean; confidence: number; read: unknown; expected: unknown }[];
  /** Cascade only: whether the second engine was needed. */
  secondEngine?: boolean;
}

const same = (field: ReceiptFieldName, read: unknown, expected: unknown): boolean =>
  field === 'hospitalName' || field === 'payerName'
    ? typeof read === 'string' && normalizeName(read) === normalizeName(String(expected))
    : read === expected;

export function score(
  fixture: BenchFixture,
  reading: ReceiptReading,
  rest: Omit<PageResult, 'fields' | 'fixture' | 'layout'>,
): PageResult {
  return {
    fixture: fixture.name,
    layout: fixture.layout,
    ...rest,
    fields: RECEIPT_FIELDS.map((field) => ({
      field,
      ok: same(field, reading[field].value, fixture.expected[field]),
      confidence: reading[field].confidence,
      read: reading[field].value,
      expected: fixture.expected[field],
    })),
  };
}

export const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);

export const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

export interface Summary {
  pages: number;
  fields: number;
  exact: number;
  trusted: number;
  trustedWrong: number;
  sentToClerk: number;
  sentToClerkRight: number;
}

export function summarize(rows: readonly PageResult[]): Summary {
  const fields = rows.flatMap((r) => r.fields);
  const trusted = fields.filter((f) => f.confidence >= MIN_FIELD_CONFIDENCE);
  const sent = fields.filter((f) => f.confidence < MIN_FIELD_CONFIDENCE);
  return {
    pages: rows.length,
    fields: fields.length,
    exact: fields.filter((f) => f.ok).length,
    trusted: trusted.length,
    trustedWrong: trusted.filter((f) => !f.ok).length,
    sentToClerk: sent.length,
    sentToClerkRight: sent.filter((f) => f.ok).length,
  };
}
