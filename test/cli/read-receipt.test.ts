import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECEIPT_FIELDS } from '../../domain/receipt-reading';
import { repoPath } from '../support/fixtures';
import { runCliAsync } from '../support/run-cli';

/** `crossclaim read-receipt`: one JSON object per image, the seven fields as { value, confidence }, items. */

const layouts = (name: string) => repoPath(`test/fixtures/receipts-layouts/${name}`);
const truthOf = (name: string) =>
  JSON.parse(readFileSync(layouts(`${name}.json`), 'utf8')) as { expected: Record<string, string | number> };

describe('crossclaim read-receipt keeps its output contract', () => {
  it('prints one object per image in order: the QR path, then OCR of a slip without a code', async () => {
    const run = await runCliAsync([
      'read-receipt',
      '--engine',
      'tesseract',
      layouts('national-clean-1.png'),
      layouts('thermal-clean-1.png'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [qr, ocr, ...rest] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rest).toEqual([]);
    for (const printed of [qr, ocr]) {
      for (const field of RECEIPT_FIELDS) {
        const read = printed?.[field] as { value: unknown; confidence: unknown };
        expect(Object.keys(read).sort(), field).toEqual(['confidence', 'value']);
        expect(typeof read.confidence).toBe('number');
      }
      expect(Array.isArray(printed?.items)).toBe(true);
    }
    expect(qr).toMatchObject({
      source: 'qr',
      billNo: { value: truthOf('national-clean-1').expected.billNo, confidence: 1 },
    });
    expect(ocr).toMatchObject({
      source: 'tesseract',
      billNo: { value: truthOf('thermal-clean-1').expected.billNo },
    });
  }, 120_000);

  it('reads with the cascade by default (no --engine, no OCR_ENGINE), printing the same keys as one engine', async () => {
    const run = await runCliAsync(['read-receipt', layouts('thermal-clean-1.png')], {
      env: { OCR_ENGINE: undefined },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [printed, ...rest] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rest).toEqual([]);
    // The contract: the file, the seven fields, items and source; nothing else for a page read by OCR.
    expect(Object.keys(printed ?? {}).sort()).toEqual(['file', ...RECEIPT_FIELDS, 'items', 'source'].sort());
    for (const field of RECEIPT_FIELDS) {
      const read = printed?.[field] as { value: unknown; confidence: unknown };
      expect(Object.keys(read).sort(), field).toEqual(['confidence', 'value']);
    }
    // PaddleOCR first; tesseract as the second opinion ("paddle+tesseract").
    expect(printed?.source).toMatch(/^paddle(\+tesseract)?$/);
    expect(printed).toMatchObject({ billNo: { value: truthOf('thermal-clean-1').expected.billNo } });
  }, 120_000);

  it('refuses an engine it does not know, naming the choices', async () => {
    const run = await runCliAsync(['read-receipt', '--engine', 'ocrmagic', layouts('thermal-clean-1.png')]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/tesseract, paddle, cascade, textract/);
  }, 60_000);
});
