import type { ReceiptReading } from '../../domain/receipt-reading';

/**
 * An OCR engine reads one receipt image into fields with confidences. Two exist:
 * tesseract.js (chi_sim + eng traineddata from npm; the local default and the Chinese path
 * on AWS) and Textract AnalyzeExpense (English-language receipts only). Which one runs is
 * configuration (OCR_ENGINE), never a guess per image.
 */
export interface OcrEngine {
  readonly name: string;
  /** `image`: PNG or JPEG bytes, already checked (domain/receipt-image.ts). */
  readReceipt(image: Buffer): Promise<ReceiptReading>;
  /** Frees what the engine holds (a worker); the engine can be used again after. */
  close?(): Promise<void>;
}

export type OcrEngineName = 'tesseract' | 'textract';
