import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { DEFAULT_OCR_ENGINE, ocrEngineNamed } from '../../adapters/ocr/engine-factory';
import { OCR_ENGINE_NAMES, type OcrEngine, type OcrEngineName } from '../../adapters/ocr/ocr-engine';
import { readReceiptImage } from '../../adapters/receipt-reader';
import { RECEIPT_FIELDS, type ReceiptReading } from '../../domain/receipt-reading';
import { InvalidInputError } from '../../domain/validation';
import { EXIT_INVALID_INPUT } from './adjudicate';

interface ReadReceiptOptions {
  engine: OcrEngineName;
  qr: boolean;
}

/** The JSON a receipt prints as: the seven fields as { value, confidence }, items, source. */
export function receiptJson(file: string, reading: ReceiptReading, extra: Record<string, unknown> = {}) {
  const fields = Object.fromEntries(RECEIPT_FIELDS.map((f) => [f, reading[f]]));
  return { file, ...fields, items: reading.items, source: reading.source, ...extra };
}

/**
 * `crossclaim read-receipt <image>...`: reads paper receipt images as the ReadReceipts step
 * does (QR code first, OCR where it fails) and prints one JSON object per image, one per line,
 * in order. Offline: the QR path prints what the code carries (it does not fetch the e-bill).
 * An image that is not a PNG/JPEG or is over the limits: exit code 2, stderr names it.
 */
export function registerReadReceiptCommand(program: Command): void {
  program
    .command('read-receipt')
    .description(
      'Read paper receipt images (QR code first, OCR where it fails) into fields with confidences.',
    )
    .argument('<image...>', 'PNG or JPEG images of paper medical receipts')
    .addOption(
      new Option(
        '--engine <name>',
        'the OCR engine (paddle: PaddleOCR; cascade: PaddleOCR, then tesseract on the fields it cannot check or left untrusted; textract: English receipts, calls AWS)',
      )
        .choices(OCR_ENGINE_NAMES)
        .default(process.env.OCR_ENGINE ?? DEFAULT_OCR_ENGINE),
    )
    .option('--no-qr', 'read by OCR even when the receipt has a QR code')
    .action(async (images: string[], options: ReadReceiptOptions) => {
      const engine: OcrEngine = ocrEngineNamed(options.engine);
      try {
        for (const file of images) {
          let bytes: Buffer;
          try {
            bytes = await readFile(file);
          } catch (error) {
            console.error(`crossclaim: ${file}: ${(error as Error).message}`);
            process.exitCode = EXIT_INVALID_INPUT;
            continue;
          }
          try {
            const read = await readReceiptImage(bytes, engine, { qr: options.qr });
            const extra = read.qr ? { hospitalCode: read.qr.hospitalCode } : {};
            process.stdout.write(`${JSON.stringify(receiptJson(file, read.reading, extra))}\n`);
          } catch (error) {
            if (!(error instanceof InvalidInputError)) throw error;
            for (const issue of error.issues) console.error(`crossclaim: ${file}: ${issue.message}`);
            process.exitCode = EXIT_INVALID_INPUT;
          }
        }
      } finally {
        await engine.close?.();
      }
    });
}
