import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PaddleEngine } from '../../adapters/ocr/paddle-engine';
import { decodeImage, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { readReceiptImage } from '../../adapters/receipt-reader';
import {
  MIN_FIELD_CONFIDENCE,
  normalizeName,
  RECEIPT_FIELDS,
  type ReceiptReading,
} from '../../domain/receipt-reading';
import { containsLabelText } from '../../domain/receipt-vocabulary';

/**
 * The reader on the bench's layout set (test/fixtures/receipts-layouts): only the small pages
 * here (a 480 px thermal slip, its JPEG photo); the whole set is the bench's (npm run bench:ocr).
 */

interface Truth {
  expected: Record<string, string | number>;
  qrPayload: string | null;
}

function fixture(file: string): { image: Buffer; truth: Truth } {
  const url = new URL(`../fixtures/receipts-layouts/${file}`, import.meta.url);
  const truth = JSON.parse(readFileSync(new URL(url.href.replace(/\.(png|jpg)$/, '.json')), 'utf8')) as Truth;
  return { image: readFileSync(url), truth };
}

const checks = { today: '2026-12-03' };

function expectExact(reading: ReceiptReading, truth: Truth): void {
  for (const field of RECEIPT_FIELDS) {
    const read = reading[field].value;
    const want = truth.expected[field];
    if (field === 'hospitalName' || field === 'payerName')
      expect(normalizeName(String(read)), field).toBe(normalizeName(String(want)));
    else expect(read, field).toBe(want);
  }
  for (const name of [reading.payerName.value, reading.hospitalName.value])
    expect(containsLabelText(name ?? '')).toBe(false);
}

describe('JPEG uploads get the same treatment as PNG', () => {
  it('finds the QR code of a photo uploaded as JPEG (decoded with jpeg-js)', () => {
    const { image, truth } = fixture('national-photo-8.jpg');
    expect(findQrCode(decodeImage(image))?.payload).toBe(truth.qrPayload);
  });

  it('cleans up a JPEG photo of a thermal slip and reads it: labels above their values', async () => {
    const engine = new TesseractEngine();
    try {
      const { image, truth } = fixture('thermal-photo-8.jpg');
      const { reading } = await readReceiptImage(image, engine, { qr: false, checks });
      expect(reading.billBatchCode.value).toBe(truth.expected.billBatchCode);
      expect(reading.billNo.value).toBe(truth.expected.billNo);
      expect(reading.totalAmtFen.value).toBe(truth.expected.totalAmtFen);
    } finally {
      await engine.close();
    }
  }, 90_000);
});

describe('PaddleOCR (onnxruntime-node, models from npm) behind the OcrEngine interface', () => {
  const engine = new PaddleEngine();
  afterAll(() => engine.close());

  it('reads every field of a thermal slip exactly, trusted, no value holding label text', async () => {
    const { image, truth } = fixture('thermal-clean-1.png');
    const { reading } = await readReceiptImage(image, engine, { qr: false, checks });
    expect(reading.source).toBe('paddle');
    expectExact(reading, truth);
    // Total: the figures follow the words on one line ("合计: 贰佰…分 ¥221.94"), confirmed by them.
    expect(reading.totalAmtFen.confidence).toBeGreaterThanOrEqual(MIN_FIELD_CONFIDENCE);
  }, 90_000);
});
