import { mkdtemp, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { extractReceiptFields, type OcrLine } from '../../domain/receipt-text';
import type { ReceiptReading } from '../../domain/receipt-reading';
import type { OcrEngine } from './ocr-engine';

/**
 * tesseract.js with the chi_sim + eng traineddata (4.0.0_best_int) shipped inside the npm
 * packages @tesseract.js-data/chi_sim and /eng: nothing is downloaded, ever (`cacheMethod:
 * 'none'`, a local `langPath`). The two packages keep their files in two folders and
 * tesseract.js takes one `langPath`, so a temporary folder links to both. One worker per
 * process, created on first use and reused for every page (creating one costs ~1 s and
 * ~200 MB); pages are read one at a time through it. PSM 6: the page is one block of text.
 */

const LANGS = ['chi_sim', 'eng'] as const;
const require = createRequire(import.meta.url);

/** The folder that holds `<lang>.traineddata.gz` for every language, linked from the npm packages. */
async function languageFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'crossclaim-tessdata-'));
  for (const lang of LANGS) {
    const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    await symlink(
      join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`),
      join(folder, `${lang}.traineddata.gz`),
    );
  }
  return folder;
}

async function startWorker(): Promise<Worker> {
  const langPath = await languageFolder();
  const worker = await createWorker([...LANGS], OEM.LSTM_ONLY, {
    langPath,
    cacheMethod: 'none',
    gzip: true,
  });
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
        words: line.words.map((w) => ({ text: w.text, confidence: w.confidence / 100 })),
      })),
    ),
  );
}

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';

  /** The raw OCR lines of a page (the bench and the CLI's --debug look at them). */
  async recognizeLines(image: Buffer): Promise<OcrLine[]> {
    shared ??= startWorker();
    const worker = await shared;
    const job = queue.then(() => worker.recognize(image, {}, { text: false, blocks: true }));
    queue = job.catch(() => undefined);
    return tesseractLines((await job).data);
  }

  async readReceipt(image: Buffer): Promise<ReceiptReading> {
    return extractReceiptFields(await this.recognizeLines(image), this.name);
  }

  /** Ends the process's worker (tests, the CLI); the next page starts a new one. */
  async close(): Promise<void> {
    const worker = shared;
    shared = undefined;
    if (worker) await (await worker).terminate();
  }
}
