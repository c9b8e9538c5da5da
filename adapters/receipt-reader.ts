import { parseReceiptQr, type ReceiptQr } from '../domain/receipt-qr';
import { inspectReceiptImage } from '../domain/receipt-image';
import { emptyField, type ReceiptReading } from '../domain/receipt-reading';
import { InvalidInputError } from '../domain/validation';
import type { OcrEngine } from './ocr/ocr-engine';
import { cleanForOcr, decodePng, findQrCode, type QrFound } from './ocr/receipt-image-pixels';

/**
 * One receipt image, QR code first: a PNG is decoded and searched for the e-bill QR code
 * (jsqr); when it holds a CCEB1 payload, that is the answer (the caller fetches the e-bill
 * it names). Only when there is none, or it does not parse, does the OCR engine read the page:
 * for tesseract, a copy with the QR code and the form's ruled lines whitened.
 * (JPEG has no decoder here: it goes to OCR directly; DESIGN §8 lists only pngjs.)
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

export async function readReceiptImage(
  bytes: Buffer,
  engine: OcrEngine,
  /** qr: false reads the page by OCR even when it has a QR code (the bench measures OCR so). */
  options: { qr?: boolean } = {},
): Promise<ReceiptImageResult> {
  const inspected = inspectReceiptImage(bytes);
  if (!inspected.ok) {
    throw new InvalidInputError('receipt image', [{ path: '', message: inspected.refusal.message }]);
  }
  const started = performance.now();
  let found: QrFound | undefined;
  let pixels: ReturnType<typeof decodePng> | undefined;
  if (inspected.image.contentType === 'image/png') {
    pixels = decodePng(bytes);
    found = findQrCode(pixels);
    if (found && options.qr !== false) {
      try {
        const qr = parseReceiptQr(found.payload);
        return { qr, reading: readingFromQr(qr), timings: { qrMs: performance.now() - started } };
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
      }
    }
  }
  const qrMs = performance.now() - started;
  const ocrStarted = performance.now();
  const page = pixels && engine.name === 'tesseract' ? cleanForOcr(pixels, found?.box).png : bytes;
  const reading = await engine.readReceipt(page);
  return { reading, timings: { qrMs, ocrMs: performance.now() - ocrStarted } };
}
