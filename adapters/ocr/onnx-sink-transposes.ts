import {
  intAttribute,
  nodeFields,
  type OnnxNode,
  readGraph,
  scalarConstant,
  soleConsumer,
  withInputsOutputs,
  writeGraph,
} from './onnx-graph';
import type { Field } from './protobuf-wire';

/**
 * The Transposes back to channels-first that onnx-quantize.ts puts after each pointwise product,
 * moved past the elementwise steps that follow it, so each lands right before the next (depthwise)
 * convolution, where onnxruntime folds it into its own reorder of the tensor (an NCHWc
 * `ReorderInput` that reads channels-last): 13 of the recognition model's 27 Transposes go.
 *
 * Moved past: a hard-swish (HardSigmoid of x, then x times that) and, when it follows, an Add or
 * Mul of a single number; all elementwise with nothing per channel, so done channels-last they
 * give the same numbers, bit for bit. Anything else (a residual Add, a per-channel constant, a
 * second reader of a tensor in the chain) leaves the Transpose where it is.
 */
export function sinkTransposes(modelBytes: Uint8Array): { model: Uint8Array; moved: number } {
  const g = readGraph(modelBytes);
  const replaced = new Map<OnnxNode, Field[][]>();
  let moved = 0;
  for (const transpose of g.nodes) {
    if (transpose.op !== 'Transpose' || intAttribute(transpose, 'perm').join() !== '0,3,1,2') continue;
    const [channelsLast] = transpose.inputs;
    const [channelsFirst] = transpose.outputs;
    if (!channelsLast || !channelsFirst || g.outputs.has(channelsFirst)) continue;
    const readers = g.consumers.get(channelsFirst) ?? [];
    const gate = readers.find((n) => n.op === 'HardSigmoid');
    const product = readers.find((n) => n.op === 'Mul');
    const gated = gate?.outputs[0];
    if (readers.length !== 2 || !gate || !product || !gated) continue;
    if (soleConsumer(g, gated) !== product || !product.inputs.includes(channelsFirst)) continue;
    const chain = [gate, product];
    const affine = soleConsumer(g, product.outputs[0]);
    if (
      affine &&
      (affine.op === 'Add' || affine.op === 'Mul') &&
      affine.inputs.some((i) => scalarConstant(g, i) !== undefined)
    )
      chain.push(affine);
    const end = chain[chain.length - 1]?.outputs[0];
    if (!end) continue;
    // Each tensor of the chain gets a channels-last twin; the chain's end is Transposed back.
    const inChain = new Set(chain.flatMap((n) => n.outputs));
    const rename = (t: string) => (t === channelsFirst ? channelsLast : inChain.has(t) ? `${t}_nhwc` : t);
    replaced.set(transpose, []);
    chain.forEach((node, i) => {
      const rewritten = [withInputsOutputs(node, node.inputs.map(rename), node.outputs.map(rename))];
      if (i === chain.length - 1)
        rewritten.push(
          nodeFields('Transpose', [`${end}_nhwc`], [end], `${end}_to_nchw`, { ints: { perm: [0, 3, 1, 2] } }),
        );
      replaced.set(node, rewritten);
    });
    moved++;
  }
  return { model: writeGraph(g, replaced, []), moved };
}
