import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGreyPng } from '../../../adapters/ocr/field-crop';
import { fuseModel } from '../../../adapters/ocr/onnx-fuse';
import { readGraph } from '../../../adapters/ocr/onnx-graph';
import { quantizeColumns, quantizeModel } from '../../../adapters/ocr/onnx-quantize';
import { PaddleEngine, recognitionModelBytes, REREAD_BELOW } from '../../../adapters/ocr/paddle-engine';
import { cleanForOcr, decodeImage } from '../../../adapters/ocr/receipt-image-pixels';
import { normalizeLine } from '../../../domain/receipt-text';
import { readLines, recognitionFixtures, type RecognitionLines } from '../../support/recognition-lines';

describe('int8 weights, one scale a column (quantizeColumns)', () => {
  it('keeps every weight within half a step of its value, zeros exactly, the largest of a column at ±127', () => {
    // W [3, 2]: column 0 = 0.5, -1, 0.25; column 1 = 0, 0, 0.
    const weight = Float32Array.from([0.5, 0, -1, 0, 0.25, 0]);
    const { values, scales } = quantizeColumns(weight, 3, 2);
    expect(scales[0]).toBeCloseTo(1 / 127, 8);
    expect(scales[1]).toBe(1);
    expect(Array.from(values)).toEqual([64, 0, -127, 0, 32, 0]);
    weight.forEach((w, i) => {
      const scale = scales[i % 2]!;
      expect(Math.abs((values[i] ?? 0) * scale - w)).toBeLessThanOrEqual(scale / 2 + 1e-9);
    });
  });
});

describe('the recognition model with int8 weights (quantizeModel)', () => {
  let packaged: Uint8Array;
  let lines: RecognitionLines;
  let keys: string[];
  beforeAll(async () => {
    ({ packaged, lines, keys } = await recognitionFixtures());
  }, 120_000);

  it('turns the weight products into DynamicQuantizeMatMul with int8 weights, the rest untouched', () => {
    const fused = fuseModel(packaged).model;
    const q = quantizeModel(fused);
    const graph = readGraph(q.model);
    const count = (op: string, model = graph) => model.nodes.filter((n) => n.op === op).length;
    const before = readGraph(fused);
    expect(q.matMuls).toBeGreaterThan(0);
    expect(q.pointwiseConvs).toBeGreaterThan(10);
    expect(count('DynamicQuantizeMatMul')).toBe(q.matMuls + q.pointwiseConvs);
    expect(count('Conv')).toBe(count('Conv', before) - q.pointwiseConvs);
    expect(count('MatMul')).toBe(count('MatMul', before) - q.matMuls);
    expect(count('Transpose')).toBe(count('Transpose', before) + 2 * q.pointwiseConvs);
    // The float weights it replaced are gone: the model is smaller.
    expect(q.model.length).toBeLessThan(fused.length * 0.6);
  });

  it('reads the fixture lines as the float model does, or is unsure enough of them to have them read again', async () => {
    const built = recognitionModelBytes(packaged, 'int8');
    const [float, int8] = await Promise.all([
      readLines(packaged, lines, keys),
      readLines(built.model, lines, keys),
    ]);
    const differ = int8.flatMap((line, i) =>
      line.text !== float[i]!.text ? [{ line, float: float[i]! }] : [],
    );
    // Most lines the same; every line read differently has a character below the re-read bar.
    expect(differ.length).toBeLessThanOrEqual(Math.ceil(lines.length * 0.05));
    for (const d of differ)
      expect(d.line.least, `${d.float.text} → ${d.line.text}`).toBeLessThan(REREAD_BELOW);
    // Confidence stays on the same scale.
    const mean = (xs: { confidence: number }[]) => xs.reduce((s, x) => s + x.confidence, 0) / xs.length;
    expect(Math.abs(mean(int8) - mean(float))).toBeLessThan(0.01);
  }, 120_000);

  it('leaves a model with nothing to quantize as it was, but for the opset it may now use', () => {
    const none = quantizeModel(packaged, { matMul: false, pointwiseConv: false });
    expect(none.matMuls + none.pointwiseConvs).toBe(0);
    expect(readGraph(none.model).nodes.length).toBe(readGraph(packaged).nodes.length);
  });
});

describe('PaddleEngine with the int8 recognition model', () => {
  it('reads a photo’s boxes as the float model does, to what the extraction sees: the lines int8 is unsure of are read again in float', async () => {
    const image = readFileSync(new URL('../../fixtures/receipts-layouts/grid-photo-8.jpg', import.meta.url));
    const page = decodeGreyPng(cleanForOcr(decodeImage(image), undefined).png);
    const float = new PaddleEngine({ recognitionModel: 'float', detectionModel: 'float' });
    const int8 = new PaddleEngine({ recognitionModel: 'int8', detectionModel: 'float' });
    try {
      const boxes = await float.detect(page);
      const a = await float.recognizeBoxes(page, boxes);
      const b = await int8.recognizeBoxes(page, boxes);
      // The same text once normalised (domain/receipt-text.ts): a line whose only doubts were
      // between （ and ( or over a space between CJK characters was not read again.
      expect(b.map((l) => normalizeLine(l.text))).toEqual(a.map((l) => normalizeLine(l.text)));
      expect(int8.stats.lines).toBe(boxes.length);
      expect(int8.stats.reread).toBeGreaterThan(0);
      expect(int8.stats.reread).toBeLessThan(boxes.length / 4);
      expect(int8.stats.foldedDoubts).toBeGreaterThan(0);
      expect(float.stats.reread).toBe(0);
    } finally {
      await Promise.all([float.close(), int8.close()]);
    }
  }, 120_000);
});
