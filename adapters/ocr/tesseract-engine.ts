import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { FieldRegion, RereadField } from '../../domain/receipt-field-regions';
import type { ReceiptReading } from '../../domain/receipt-reading';
import { applyRereads, fieldsToReread, REREAD_CHARACTERS, type FieldRead } from '../../domain/receipt-reread';
import { extractReceiptEvidence, type OcrLine } from '../../domain/receipt-text';
import { sniffImageType } from '../../domain/receipt-image';
import { cropForReread, decodeGreyPng } from './field-crop';
import type { GreyImage } from './grey-image';
import type { OcrEngine } from './ocr-engine';

/**
 * tesseract.js with the chi_sim traineddata (4.0.0_best_int) shipped inside the npm package
 * @tesseract.js-data/chi_sim: nothing is downloaded, ever (`cacheMethod: 'none'`, `langPath` =
 * the package's folder). One worker per process, created on first use and reused for every
 * page (creating one costs ~1 s and ~200 MB); pages and their field re-reads are queued
 * through it one at a time. PSM 6 for the page (one block of text), PSM 7 for a field.
 *
 * Why chi_sim alone, and `tessedit_load_sublangs` emptied: chi_sim.traineddata's own config
 * says `tessedit_load_sublangs chi_sim_vert`. Tesseract appends that to the list of languages
 * it is loading while it walks the list, which in the WebAssembly build reads freed memory:
 * with 'chi_sim+eng' the next name came out as garbage ("Failed loading language '玂'") and
 * eng was never loaded, so every earlier measurement was chi_sim alone. Loading eng for real
 * (with the sub-language switched off) was measured: 88.2% of fields against 91.8% for chi_sim
 * alone, and 40% slower (bench/README.md): eng wins Latin-looking glyphs (the 大写 capitals
 * read as Latin letters). chi_sim reads the digits and the Latin "(test)" well enough.
 */

const LANG = 'chi_sim';
const require = createRequire(import.meta.url);

async function startWorker(): Promise<Worker> {
  const langPath = join(
    dirname(require.resolve(`@tesseract.js-data/${LANG}/package.json`)),
    '4.0.0_best_int',
  );
  // A config file's text: set at initialisation, before the language's own config is acted on.
  const worker = await createWorker(
    LANG,
    OEM.LSTM_ONLY,
    { langPath, cacheMethod: 'none', gzip: true },
    'tessedit_load_sublangs \n',
  );
  await worker.setParameters({
    tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
    preserve_interword_spaces: '1',
    user_defined_dpi: '300',
  });
  return worker;
}

let shared: Promise<Worker> | undefined;
/** Pages wait their turn: one worker reads one page at a time. */
let queue: Promise<unknown> = Promise.resolve();

export function tesseractLines(page: Awaited<ReturnType<Worker['recognize']>>['data']): OcrLine[] {
  return (page.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) =>
      paragraph.lines.map((line) => ({
        text: line.text.replace(/\n$/, ''),
        confidence: line.confidence / 100,
        bbox: line.bbox,
        words: line.words.map((w) => ({ text: w.text, confidence: w.confidence / 100, bbox: w.bbox })),
      })),
    ),
  );
}

export interface TesseractOptions {
  /**
   * Whether tesseract reads a value box of the cascade's cross-read (`readRegions`) again inverted
   * (white on black) when its first read is unsure (its `tessedit_do_invert`, on by default). Off
   * by default here: receipts print dark on light, and the second LSTM pass over an unsure box was
   * pure cost, the same reads on every bench page (bench/README.md, 2026-12-04 night). The page
   * pass's own re-reads (`readReceipt`) keep tesseract's setting: not measured without it.
   */
  invertCrossReads?: boolean;
}

/** The parameters of one value box's read: one line, only the field's characters. */
export function fieldReadParameters(
  field: RereadField,
  constrained: boolean,
  invert: boolean,
): Record<string, string> {
  const whitelist = constrained ? REREAD_CHARACTERS[field] : undefined;
  const options: Record<string, string> = { tessedit_pageseg_mode: PSM.SINGLE_LINE };
  if (whitelist) options.tessedit_char_whitelist = whitelist;
  if (!invert) options.tessedit_do_invert = '0';
  return options;
}

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';
  readonly readsPixels = true;
  private readonly invertCrossReads: boolean;

  constructor(options: TesseractOptions = {}) {
    this.invertCrossReads = options.invertCrossReads ?? false;
  }

  /** Runs one recognition through the shared worker, after the pages and fields queued before it. */
  private async recognize(image: Buffer, options: Record<string, string>) {
    shared ??= startWorker();
    const worker = await shared;
    const job = queue.then(() => worker.recognize(image, options, { text: false, blocks: true }));
    queue = job.catch(() => undefined);
    return (await job).data;
  }

  /** The raw OCR lines of a page (the bench and the CLI's --debug look at them). */
  async recognizeLines(image: Buffer): Promise<OcrLine[]> {
    return tesseractLines(await this.recognize(image, {}));
  }

  /**
   * One field's value box read on its own: one line (PSM 7), only the characters it can hold.
   * Confidence from the characters, not the word: tesseract scores a word with a whitelist 0
   * and a word holding "¥" by the "¥", whatever its digits.
   */
  private async rereadField(
    page: GreyImage,
    region: FieldRegion,
    invert: boolean,
    constrained = true,
  ): Promise<FieldRead> {
    const whitelist = constrained ? REREAD_CHARACTERS[region.field] : undefined;
    const options = fieldReadParameters(region.field, constrained, invert);
    const result = await this.recognize(cropForReread(page, region.box), options);
    const words = (result.blocks ?? []).flatMap((b) =>
      b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)),
    );
    const text = words.map((w) => w.text).join(' ');
    const symbols = words
      .flatMap((w) => w.symbols)
      .filter((s) => s.text.trim() !== '' && (!whitelist || whitelist.includes(s.text)));
    const confidence = symbols.length > 0 ? Math.min(...symbols.map((s) => s.confidence)) / 100 : 0;
    const read: FieldRead = { text, confidence };
    if (region.field === 'totalWords' && constrained)
      read.unconstrained = await this.rereadField(page, region, invert, false);
    return read;
  }

  /**
   * First pass: the whole page (PSM 6). Second pass: the value boxes of the fields that need it
   * (receipt-reread.ts says which), found from their labels in the first pass. PNG pages only:
   * cropping needs the pixels, and there is no JPEG decoder here.
   */
  async readReceipt(image: Buffer): Promise<ReceiptReading> {
    const lines = await this.recognizeLines(image);
    const evidence = extractReceiptEvidence(lines, this.name);
    const regions = fieldsToReread(evidence.reading, evidence.regions);
    if (regions.length === 0 || sniffImageType(image) !== 'image/png') return evidence.reading;
    const page = decodeGreyPng(image);
    const reads: Partial<Record<RereadField, FieldRead>> = {};
    for (const region of regions) reads[region.field] = await this.rereadField(page, region, true);
    return applyRereads(evidence, reads);
  }

  /**
   * Value boxes of a page read on their own, each as the page-pass re-read reads it (one line,
   * the field's characters; by default without the inverted pass, `invertCrossReads`): the
   * cascade's second opinion on another engine's fields.
   */
  async readRegions(
    image: Buffer | GreyImage,
    regions: readonly FieldRegion[],
  ): Promise<Partial<Record<RereadField, FieldRead>>> {
    const page = Buffer.isBuffer(image) ? decodeGreyPng(image) : image;
    const reads: Partial<Record<RereadField, FieldRead>> = {};
    for (const region of regions)
      reads[region.field] = await this.rereadField(page, region, this.invertCrossReads);
    return reads;
  }

  /** Ends the process's worker (tests, the CLI); the next page starts a new one. */
  async close(): Promise<void> {
    const worker = shared;
    shared = undefined;
    if (worker) await (await worker).terminate();
  }
}
