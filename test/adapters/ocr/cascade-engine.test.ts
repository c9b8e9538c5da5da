import { describe, expect, it } from 'vitest';
import { CascadeEngine, widenForCrossCheck } from '../../../adapters/ocr/cascade-engine';
import { encodeGreyPng } from '../../../adapters/ocr/grey-image';
import type { FieldRegion } from '../../../domain/receipt-field-regions';
import { MIN_FIELD_CONFIDENCE, type ReceiptReading } from '../../../domain/receipt-reading';
import type { ReceiptEvidence } from '../../../domain/receipt-text';

const sure = <T>(value: T, confidence = 0.97) => ({ value, confidence });
const trusted = (c: number) => c >= MIN_FIELD_CONFIDENCE;
const hospitals = [{ name: '常州市测试第一人民医院 (test)', code: 'H32041100123' }];
const context = () => ({ today: '2026-12-03', hospitals });

function reading(overrides: Partial<ReceiptReading> = {}): ReceiptReading {
  return {
    billBatchCode: sure('32041126'),
    billNo: sure('0001737722'),
    checkCode: sure('487a8e'),
    issueDate: sure('2026-05-16'),
    hospitalName: sure('常州市测试第一人民医院 (test)'),
    payerName: sure('测试患者0040'),
    totalAmtFen: sure(35760, 0.99),
    items: [],
    source: 'paddle',
    ...overrides,
  };
}

const box = { x0: 40, y0: 10, x1: 80, y1: 30 };
const regions: FieldRegion[] = [
  { field: 'payerName', box },
  { field: 'billNo', box },
  { field: 'checkCode', box },
  { field: 'hospitalName', box },
];
const image = encodeGreyPng({ width: 100, height: 50, data: new Uint8Array(5000).fill(255) });

/** Engines that say what they are told and record what they were asked. */
function engines(first: ReceiptReading, boxReads: Record<string, string>, page: ReceiptReading) {
  const calls = { pages: 0, regions: [] as FieldRegion[][] };
  const paddle = {
    name: 'paddle',
    readEvidence: async (): Promise<ReceiptEvidence> =>
      Promise.resolve({ reading: first, total: { figures: [], words: [] }, regions }),
    close: async () => Promise.resolve(),
  };
  const tesseract = {
    name: 'tesseract',
    readsPixels: true,
    readReceipt: async () => {
      calls.pages++;
      return Promise.resolve(page);
    },
    readRegions: async (_: unknown, asked: readonly FieldRegion[]) => {
      calls.regions.push([...asked]);
      return Promise.resolve(
        Object.fromEntries(asked.map((r) => [r.field, { text: boxReads[r.field] ?? '', confidence: 0.9 }])),
      );
    },
    close: async () => Promise.resolve(),
  };
  return { cascade: new CascadeEngine(paddle, tesseract, context), calls };
}

describe('the cascade: PaddleOCR first, tesseract as the second opinion', () => {
  it('reads only the unchecked fields’ boxes when PaddleOCR leaves nothing untrusted', async () => {
    const { cascade, calls } = engines(
      reading(),
      { payerName: '测试患者0040', billNo: '0001737722', checkCode: '487a8e' },
      reading({ source: 'tesseract' }),
    );
    const out = await cascade.readReceipt(image);
    expect(calls.pages).toBe(0);
    expect(calls.regions.flat().map((r) => r.field)).toEqual(['payerName', 'billNo', 'checkCode']);
    expect(out.source).toBe('paddle+tesseract');
    expect(out.payerName.confidence).toBeGreaterThan(0.97);
    expect(cascade.stats).toEqual({ pages: 1, wholePageSecond: 0 });
  });

  it('sends a sure PaddleOCR name the box read disagrees with to a clerk', async () => {
    const { cascade } = engines(
      reading({ payerName: sure('测试惠者0040', 0.98) }),
      { payerName: '测试患者0040', billNo: '0001737722', checkCode: '487a8e' },
      reading({ source: 'tesseract' }),
    );
    const out = await cascade.readReceipt(image);
    expect(out.payerName.value).toBe('测试惠者0040');
    expect(trusted(out.payerName.confidence)).toBe(false);
    expect(trusted(out.billNo.confidence)).toBe(true);
  });

  it('reads the whole page with tesseract when a field is left untrusted, and combines the two', async () => {
    const { cascade, calls } = engines(
      reading({ totalAmtFen: { value: null, confidence: 0 } }),
      {},
      reading({ source: 'tesseract' }),
    );
    const out = await cascade.readReceipt(image);
    expect(calls.pages).toBe(1);
    expect(calls.regions).toEqual([]);
    expect(out.totalAmtFen.value).toBe(35760);
    expect(out.source).toBe('paddle+tesseract');
    expect(cascade.stats.wholePageSecond).toBe(1);
  });

  it('widens a value box to the left and right for the second engine, inside the page', () => {
    expect(widenForCrossCheck({ x0: 30, y0: 10, x1: 90, y1: 30 }, { width: 100, height: 50 })).toEqual({
      x0: 10,
      y0: 10,
      x1: 100,
      y1: 30,
    });
  });
});
