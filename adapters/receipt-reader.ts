import { checkReading, type ReceiptCheckContext } from '../domain/receipt-checks';
import { parseReceiptQr, type ReceiptQr } from '../domain/receipt-qr';
import { inspectReceiptImage } from '../domain/receipt-image';
import { emptyField, type ReceiptReading } from '../domain/receipt-reading';
import { InvalidInputError } from '../domain/validation';
import type { OcrEngine } from './ocr/ocr-engine';
import { cleanForOcr, decodeImage, findQrCode, type QrFound } from './ocr/receipt-image-pixels';

/**
 * One receipt image, QR code first: the image (PNG, or JPEG through jpeg-js) is decoded and
 * searched for the e-bill QR code (jsqr); when it holds a CCEB1 payload, that is the answer (the
 * caller fetches the e-bill it names). Only when there is none, or it does not parse, does the
 * OCR engine read the page: a grey copy with the QR code and the form's ruled lines whitened,
 * straightened (for every engine that reads pixels; Textract gets the bytes as uploaded). The
 * reading's confidences are then bounded by each field's own checks (domain/receipt-checks.ts).
 */

export interface ReceiptImageResult {
  /** The e-bill the QR code names, when it decoded and parsed. */
  qr?: ReceiptQr;
  reading: ReceiptReading;
  timings: { qrMs: number; ocrMs?: number };
}

const certain = <T>(value: T) => ({ value, confidence: 1 });

export function readingFromQr(qr: ReceiptQr): ReceiptReading {
  return {
    billBatchCode: certain(qr.billBatchCode),
    billNo: certain(qr.billNo),
    checkCode: certain(qr.checkCode.toLowerCase()),
    issueDate: certain(qr.issueDate),
    hospitalName: emptyField(),
    payerName: emptyField(),
    totalAmtFen: certain(qr.totalAmtFen),
    items: [],
    source: 'qr',
  };
}

/** Today as the checks see it: the latest date a receipt can carry. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

export async function readReceiptImage(
  bytes: Buffer,
  engine: OcrEngine,
  options: {
    /** false reads the page by OCR even when it has a QR code (the bench measures OCR so). */
    qr?: boolean;
    /** What the fields are checked against; default: today, no hospital registry (names by form only). */
    checks?: ReceiptCheckContext;
  } = {},
): Promise<ReceiptImageResult> {
  const inspected = inspectReceiptImage(bytes);
  if (!inspected.ok) {
    throw new InvalidInputError('receipt image', [{ path: '', message: inspected.refusal.message }]);
  }
  const started = performance.now();
  const pixels = decodeImage(bytes);
  const found: QrFound | undefined = findQrCode(pixels);
  if (found && options.qr !== false) {
    try {
      const qr = parseReceiptQr(found.payload);
      return { qr, reading: readingFromQr(qr), timings: { qrMs: performance.now() - started } };
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
    }
  }
  const qrMs = performance.now() - started;
  const ocrStarted = performance.now();
  const page = engine.readsPixels ? cleanForOcr(pixels, found?.box).png : bytes;
  const checks = options.checks ?? { today: todayUtc() };
  const reading = checkReading(await engine.readReceipt(page, checks), checks);
  return { reading, timings: { qrMs, ocrMs: performance.now() - ocrStarted } };
}
