import type { ReceiptCheckContext } from '../../domain/receipt-checks';
import type { ReceiptReading } from '../../domain/receipt-reading';

/**
 * An OCR engine reads one receipt image into fields with confidences: tesseract.js (chi_sim from
 * npm), PaddleOCR through onnxruntime-node (`paddle`), the two in a cascade (`cascade`: tesseract
 * first, PaddleOCR when a field is not trusted), and Textract AnalyzeExpense (English-language
 * receipts only). Which one runs is configuration (OCR_ENGINE), never a guess per image.
 */
export interface OcrEngine {
  readonly name: string;
  /** true: give it the cleaned grey page (PNG); false: the bytes as uploaded (Textract). */
  readonly readsPixels: boolean;
  /**
   * `image`: PNG or JPEG bytes, already checked (domain/receipt-image.ts). `checks`: what the
   * caller will check the reading against (the cascade decides by it whether to run its second
   * engine); single engines ignore it.
   */
  readReceipt(image: Buffer, checks?: ReceiptCheckContext): Promise<ReceiptReading>;
  /** Frees what the engine holds (a worker); the engine can be used again after. */
  close?(): Promise<void>;
}

export type OcrEngineName = 'tesseract' | 'paddle' | 'cascade' | 'textract';

export const OCR_ENGINE_NAMES: readonly OcrEngineName[] = ['tesseract', 'paddle', 'cascade', 'textract'];
