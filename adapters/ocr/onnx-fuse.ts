import type { Field } from './protobuf-wire';
import {
  attribute,
  floatAttribute,
  floatInitializer,
  intAttribute,
  nodeFields,
  type OnnxGraph,
  type OnnxNode,
  readGraph,
  scalarConstant,
  soleConsumer,
  withInputsOutputs,
  writeGraph,
} from './onnx-graph';
import { textOf } from './protobuf-wire';

/**
 * Exact (up to float rounding) rewrites of an ONNX graph's elementwise steps, in memory: fewer
 * passes over the activations for the same result. Written for PaddleOCR's PP-OCRv4 recognition
 * model as paddle2onnx exports it (opset 9), where after every convolution come a "learnable
 * affine" (Mul and Add by scalars), hard-swish spelt out in four ops (Add 3, Clip 0..6, Mul,
 * Div 6), and another learnable affine: eight passes over the tensor, ~30% of the model's time
 * on a 2-core x64 machine (onnxruntime fuses none of them at opset 9). Rewritten:
 *
 * - `Conv → Mul(s) → Add(b)` (each the only reader of the one before, s and b scalar constants):
 *   the convolution with weights s·W and bias s·B + b;
 * - `Mul(s) → Add(b) → Conv` with no padding: the convolution with weights s·W and bias
 *   B + b·ΣW[o] (without padding every output sees s·h + b at every tap; with padding the border
 *   would not); with padding, `Add(b / s) → Conv` with weights s·W (the padding's zeros stay
 *   zeros either way);
 * - hard-swish `x · Clip(x + 3, 0, 6) / 6` as `x · HardSigmoid(x)` (alpha 1/6, beta 0.5).
 *
 * Any other node is kept byte for byte.
 */

export interface FuseResult {
  model: Uint8Array;
  /** Affine steps folded into a convolution's weights (before or after it). */
  affinesFolded: number;
  hardSwishes: number;
}

interface Affine {
  scale: number;
  shift: number;
  /** The Mul and Add nodes folded (one may be absent). */
  nodes: OnnxNode[];
  /** The tensor the affine reads / writes. */
  input: string;
  output: string;
}

const otherInput = (node: OnnxNode, constant: string | undefined) => node.inputs.find((i) => i !== constant);

/** A Mul and/or Add by scalar constants starting at `first` (each the sole reader of the one before). */
function affineAt(g: OnnxGraph, first: OnnxNode | undefined): Affine | undefined {
  if (!first || (first.op !== 'Mul' && first.op !== 'Add') || first.inputs.length !== 2) return undefined;
  const constantOf = (node: OnnxNode) => node.inputs.find((i) => scalarConstant(g, i) !== undefined);
  const c1 = constantOf(first);
  const input = otherInput(first, c1);
  const out1 = first.outputs[0];
  if (c1 === undefined || input === undefined || out1 === undefined || scalarConstant(g, input) !== undefined)
    return undefined;
  const v1 = scalarConstant(g, c1) ?? 0;
  if (first.op === 'Add') return { scale: 1, shift: v1, nodes: [first], input, output: out1 };
  const next = soleConsumer(g, out1);
  const c2 = next?.op === 'Add' && next.inputs.length === 2 ? constantOf(next) : undefined;
  const out2 = next?.outputs[0];
  if (next && c2 !== undefined && otherInput(next, c2) === out1 && out2 !== undefined)
    return { scale: v1, shift: scalarConstant(g, c2) ?? 0, nodes: [first, next], input, output: out2 };
  return { scale: v1, shift: 0, nodes: [first], input, output: out1 };
}

/** The affine whose last step writes `tensor` (a Mul → Add pair, or one of them alone). */
function affineEndingAt(g: OnnxGraph, tensor: string): Affine | undefined {
  const last = g.producers.get(tensor);
  if (last?.op === 'Add') {
    const c = last.inputs.find((i) => scalarConstant(g, i) !== undefined);
    const mul = g.producers.get(otherInput(last, c) ?? '');
    const pair = mul?.op === 'Mul' ? affineAt(g, mul) : undefined;
    if (pair?.output === tensor) return pair;
  }
  const alone = affineAt(g, last);
  return alone?.output === tensor ? alone : undefined;
}

/** The model with those rewrites (see the module's comment). */
export function fuseModel(modelBytes: Uint8Array): FuseResult {
  const g = readGraph(modelBytes);
  const replaced = new Map<OnnxNode, Field[][]>();
  const initializers: Field[] = [];
  const claimed = new Set<OnnxNode>();
  let affinesFolded = 0;
  let hardSwishes = 0;

  // Hard-swish: Add(x, 3) → Clip(0, 6) → Mul(x, ·) → Div(·, 6).
  for (const add of g.nodes) {
    if (add.op !== 'Add' || claimed.has(add)) continue;
    const three = add.inputs.find((i) => scalarConstant(g, i) === 3);
    const x = otherInput(add, three);
    const clip = soleConsumer(g, add.outputs[0]);
    if (three === undefined || x === undefined || clip?.op !== 'Clip') continue;
    // Clip's bounds: attributes up to opset 6–10, inputs from opset 11.
    const [min, max] =
      clip.inputs.length === 1
        ? [floatAttribute(clip, 'min'), floatAttribute(clip, 'max')]
        : [scalarConstant(g, clip.inputs[1]), scalarConstant(g, clip.inputs[2])];
    if (min !== 0 || max !== 6) continue;
    const mul = soleConsumer(g, clip.outputs[0]);
    if (mul?.op !== 'Mul' || !mul.inputs.includes(x) || mul.inputs.length !== 2) continue;
    const div = soleConsumer(g, mul.outputs[0]);
    const out = div?.outputs[0];
    if (
      div?.op !== 'Div' ||
      scalarConstant(g, div.inputs[1]) !== 6 ||
      div.inputs[0] !== mul.outputs[0] ||
      !out
    )
      continue;
    const name = `${out}_hard_sigmoid`;
    replaced.set(add, [
      nodeFields('HardSigmoid', [x], [name], name, { floats: { alpha: 1 / 6, beta: 0.5 } }),
    ]);
    replaced.set(clip, []);
    replaced.set(mul, [nodeFields('Mul', [x, name], [out], `${out}_hard_swish`)]);
    replaced.set(div, []);
    for (const n of [add, clip, mul, div]) claimed.add(n);
    hardSwishes++;
  }

  for (const conv of g.nodes) {
    if (conv.op !== 'Conv') continue;
    const [x, w, b] = conv.inputs;
    const weight = w === undefined ? undefined : g.constants.get(w);
    const bias = b ? g.constants.get(b) : undefined;
    const out = conv.outputs[0];
    if (x === undefined || !w || !weight || weight.dims.length !== 4 || (b && !bias) || !out) continue;
    const cout = weight.dims[0] ?? 0;
    const perOutput = weight.data.length / cout;
    let W = weight.data.slice();
    let B = bias ? bias.data.slice() : new Float32Array(cout);
    let input = x;
    let output = out;

    // An affine before, when there is no padding and the convolution is its only reader.
    const noPadding =
      intAttribute(conv, 'pads').every((p) => p === 0) &&
      (() => {
        const autoPad = attribute(conv, 'auto_pad');
        return !autoPad || textOf(autoPad, 4) === 'NOTSET' || textOf(autoPad, 4) === 'VALID';
      })();
    const before = affineEndingAt(g, x);
    if (noPadding && before && soleConsumer(g, x) === conv && before.nodes.every((n) => !claimed.has(n))) {
      for (let o = 0; o < cout; o++) {
        let sum = 0;
        for (let k = 0; k < perOutput; k++) sum += W[o * perOutput + k] ?? 0;
        B[o] = (B[o] ?? 0) + before.shift * sum;
      }
      W = W.map((v) => v * before.scale);
      input = before.input;
      for (const n of before.nodes) {
        replaced.set(n, []);
        claimed.add(n);
      }
      affinesFolded++;
    } else if (
      before &&
      before.scale !== 0 &&
      before.scale !== 1 &&
      soleConsumer(g, x) === conv &&
      before.nodes.every((n) => !claimed.has(n))
    ) {
      // Padded: conv(s·h + b) = (s·W) ∗ (h + b / s), the padding's zeros staying zeros, so the
      // scale goes into the weights and one Add of b / s is left.
      W = W.map((v) => v * before.scale);
      for (const n of before.nodes) {
        replaced.set(n, []);
        claimed.add(n);
      }
      if (before.shift !== 0) {
        const shifted = `${x}_shifted`;
        initializers.push(
          floatInitializer(`${shifted}_by`, [], Float32Array.of(before.shift / before.scale)),
        );
        replaced.set(before.nodes[0] ?? conv, [
          nodeFields('Add', [before.input, `${shifted}_by`], [shifted], shifted),
        ]);
        input = shifted;
      } else input = before.input;
      affinesFolded++;
    }

    // An affine after, when it is the convolution's only reader.
    const after = affineAt(g, soleConsumer(g, out));
    if (after && after.input === out && after.nodes.every((n) => !claimed.has(n))) {
      W = W.map((v) => v * after.scale);
      B = B.map((v) => v * after.scale + after.shift);
      output = after.output;
      for (const n of after.nodes) {
        replaced.set(n, []);
        claimed.add(n);
      }
      affinesFolded++;
    }
    if (input === x && output === out) continue;
    const names = [`${w}_fused_${out}`, `${w}_fused_${out}_bias`];
    initializers.push(
      floatInitializer(names[0] ?? '', weight.dims, W),
      floatInitializer(names[1] ?? '', [cout], B),
    );
    replaced.set(conv, [withInputsOutputs(conv, [input, ...names], [output])]);
    claimed.add(conv);
  }
  return { model: writeGraph(g, replaced, initializers), affinesFolded, hardSwishes };
}
