import { checkReading, type ReceiptCheckContext } from '../../domain/receipt-checks';
import { combineEngineReadings, needsSecondEngine } from '../../domain/receipt-cascade';
import { applyCrossChecks, regionsToCrossCheck } from '../../domain/receipt-cross-check';
import type { Box, FieldRegion, RereadField } from '../../domain/receipt-field-regions';
import type { ReceiptReading } from '../../domain/receipt-reading';
import { decodeGreyPng } from './field-crop';
import type { GreyImage } from './grey-image';
import type { OcrEngine } from './ocr-engine';
import type { FieldRead } from '../../domain/receipt-reread';
import type { ReceiptEvidence } from '../../domain/receipt-text';

/**
 * PaddleOCR first, tesseract as the second opinion (bench/README.md, "Receipt OCR", says why this
 * order: PaddleOCR is the more accurate engine and, since 2026-12-04, the faster one on a page).
 *
 * 1. PaddleOCR reads the page; the reading is checked (domain/receipt-checks.ts).
 * 2. A field left untrusted: tesseract reads the whole page too, and the two readings are
 *    combined field by field (domain/receipt-cascade.ts), as before.
 * 3. Otherwise tesseract reads only the value boxes of the fields whose checks cannot catch a
 *    misread (the payer's name, the bill number, the check code; domain/receipt-cross-check.ts):
 *    it agrees, and the value is surer, or it does not, and a clerk decides.
 *
 * The caller's check context (its hospital registry included) when given, else `checks`, so
 * "untrusted" here means what it means to the caller.
 */

/** A value box widened for the second engine: PaddleOCR's character positions are estimates. */
export function widenForCrossCheck(box: Box, page: { width: number; height: number }): Box {
  const h = box.y1 - box.y0;
  return {
    x0: Math.max(0, box.x0 - h),
    y0: box.y0,
    x1: Math.min(page.width, box.x1 + h * 0.5),
    y1: box.y1,
  };
}

/** What the cascade needs of its first engine (PaddleEngine). */
export interface PageEvidenceEngine {
  readonly name: string;
  readEvidence(page: GreyImage): Promise<ReceiptEvidence>;
  close(): Promise<void>;
}

/** What it needs of its second (TesseractEngine): a whole page, or a few boxes of it. */
export interface RegionReadingEngine extends OcrEngine {
  readRegions(
    page: GreyImage,
    regions: readonly FieldRegion[],
  ): Promise<Partial<Record<RereadField, FieldRead>>>;
  close(): Promise<void>;
}

export class CascadeEngine implements OcrEngine {
  readonly name = 'cascade';
  readonly readsPixels = true;
  /** Pages read, and how many of them the second engine read whole (the bench reports it). */
  readonly stats = { pages: 0, wholePageSecond: 0 };

  constructor(
    private readonly first: PageEvidenceEngine,
    private readonly second: RegionReadingEngine,
    private readonly checks: () => ReceiptCheckContext,
  ) {}

  async readReceipt(image: Buffer, checks?: ReceiptCheckContext): Promise<ReceiptReading> {
    const context = checks ?? this.checks();
    const page: GreyImage = decodeGreyPng(image);
    const evidence = await this.first.readEvidence(page);
    const first = checkReading(evidence.reading, context);
    this.stats.pages++;
    if (needsSecondEngine(first)) {
      this.stats.wholePageSecond++;
      return combineEngineReadings(first, checkReading(await this.second.readReceipt(image), context));
    }
    const regions: FieldRegion[] = regionsToCrossCheck(first, evidence.regions).map((r) => ({
      ...r,
      box: widenForCrossCheck(r.box, page),
    }));
    if (regions.length === 0) return first;
    const reads = await this.second.readRegions(page, regions);
    return { ...applyCrossChecks(first, reads), source: `${first.source}+${this.second.name}` };
  }

  async close(): Promise<void> {
    await Promise.all([this.first.close(), this.second.close()]);
  }
}
