import { beforeAll, describe, expect, it } from 'vitest';
import { fuseModel } from '../../../adapters/ocr/onnx-fuse';
import { readGraph } from '../../../adapters/ocr/onnx-graph';
import {
  dictionary,
  fixtureLines,
  packagedRecognitionModel,
  readLines,
} from '../../support/recognition-lines';

/**
 * The elementwise folding of PaddleOCR's recognition model (adapters/ocr/onnx-fuse.ts): the
 * rewritten graph loads in onnxruntime, has fewer passes, and reads real line images the same.
 */
describe('folding the recognition model’s elementwise steps', () => {
  let packaged: Uint8Array;
  let lines: Awaited<ReturnType<typeof fixtureLines>>;
  let keys: string[];
  beforeAll(async () => {
    [packaged, lines, keys] = await Promise.all([packagedRecognitionModel(), fixtureLines(), dictionary()]);
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
