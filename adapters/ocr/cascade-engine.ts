import { checkReading, type ReceiptCheckContext } from '../../domain/receipt-checks';
import { combineEngineReadings, needsSecondEngine } from '../../domain/receipt-cascade';
import type { ReceiptReading } from '../../domain/receipt-reading';
import type { OcrEngine } from './ocr-engine';

/**
 * Two engines, the fast one first: the second reads the page only when the first leaves a
 * field untrusted after its checks, and the two readings are combined field by field
 * (domain/receipt-cascade.ts). The caller's check context (its hospital registry included) when
 * given, else `checks`, so "untrusted" here means what it means to the caller.
 */
export class CascadeEngine implements OcrEngine {
  readonly name = 'cascade';
  readonly readsPixels = true;

  constructor(
    private readonly first: OcrEngine,
    private readonly second: OcrEngine,
    private readonly checks: () => ReceiptCheckContext,
  ) {}

  async readReceipt(image: Buffer, checks?: ReceiptCheckContext): Promise<ReceiptReading> {
    const context = checks ?? this.checks();
    const first = checkReading(await this.first.readReceipt(image), context);
    if (!needsSecondEngine(first)) return first;
    const second = checkReading(await this.second.readReceipt(image), context);
    return combineEngineReadings(first, second);
  }

  async close(): Promise<void> {
    await Promise.all([this.first.close?.(), this.second.close?.()]);
  }
}
