import { beforeAll, describe, expect, it } from 'vitest';
import { fuseModel } from '../../../adapters/ocr/onnx-fuse';
import { readGraph } from '../../../adapters/ocr/onnx-graph';
import { quantizeModel } from '../../../adapters/ocr/onnx-quantize';
import { sinkTransposes } from '../../../adapters/ocr/onnx-sink-transposes';
import { fixtureLines, packagedRecognitionModel, session } from '../../support/recognition-lines';

describe('the int8 model’s Transposes moved past the hard-swish (sinkTransposes)', () => {
  let quantized: Uint8Array;
  let lines: Awaited<ReturnType<typeof fixtureLines>>;
  beforeAll(async () => {
    const [packaged, fixture] = await Promise.all([packagedRecognitionModel(), fixtureLines()]);
    quantized = quantizeModel(fuseModel(packaged).model).model;
    lines = fixture;
  }, 120_000);

  it('moves each Transpose that a hard-swish follows to the chain’s end, and no other', () => {
    const { model, moved } = sinkTransposes(quantized);
    expect(moved).toBeGreaterThan(10);
    const before = readGraph(quantized).nodes;
    const after = readGraph(model).nodes;
    const count = (nodes: typeof before, op: string) => nodes.filter((n) => n.op === op).length;
    // Moved, not added or removed: the same ops in the same numbers.
    for (const op of ['Transpose', 'HardSigmoid', 'Mul', 'Add', 'Conv', 'DynamicQuantizeMatMul'])
      expect(count(after, op), op).toBe(count(before, op));
    // The hard-swishes read the Transposes' inputs now (channels-last), not their outputs.
    const gatesAfterTranspose = (model: Uint8Array) => {
      const graph = readGraph(model);
      return graph.nodes.filter(
        (n) => n.op === 'HardSigmoid' && graph.producers.get(n.inputs[0] ?? '')?.op === 'Transpose',
      ).length;
    };
    expect(gatesAfterTranspose(model)).toBe(gatesAfterTranspose(quantized) - moved);
  });

  it('gives the same output, bit for bit, on every fixture line', async () => {
    const { model } = sinkTransposes(quantized);
    const a = await session(quantized);
    const b = await session(model);
    try {
      for (const line of lines) {
        const run = async (s: typeof a) => {
          const out = await s.session.run({
            [s.session.inputNames[0] ?? 'x']: new s.Tensor('float32', line.data, line.dims),
          });
          return out[s.session.outputNames[0] ?? '']!.data as Float32Array;
        };
        expect(await run(b)).toEqual(await run(a));
      }
    } finally {
      await Promise.all([a.session.release(), b.session.release()]);
    }
  }, 120_000);
});
