import { FLOAT, INT64, nodeFields, readGraph, tensorFields, writeGraph } from './onnx-graph';
import { decodeMessage, intOf, message, text, textOf, varint, bytesOf } from './protobuf-wire';

/** The outputs of a model rewritten by `withTopTwo`: per step, the two likeliest classes and their probabilities. */
export const TOP_TWO_VALUES = 'top_two_values';
export const TOP_TWO_CLASSES = 'top_two_classes';

/** The version of the default ONNX domain a model imports (its opset). */
function defaultOpset(model: ReturnType<typeof readGraph>['model']): number {
  for (const b of bytesOf(model, 8)) {
    const opset = decodeMessage(b);
    if (textOf(opset, 1) === '') return intOf(opset, 2) ?? 1;
  }
  return 1;
}

/** A graph output's ValueInfoProto (name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1). */
const outputInfo = (name: string, elemType: number) =>
  message(12, [text(1, name), message(2, [message(1, [varint(1, elemType)])])]);

/**
 * The recognition model with its one output (probabilities, [lines, steps, classes]) replaced
 * by the two likeliest classes of each step (an ONNX TopK, k = 2, on the last axis):
 * TOP_TWO_VALUES (float) and TOP_TWO_CLASSES (int64), each [lines, steps, 2]. The CTC decoding
 * needs nothing more (adapters/ocr/paddle-pipeline.ts, decodeLines), and the full output is
 * 6,625 probabilities a step: about 50 MB for a page's lines, written by the model, copied out
 * of onnxruntime and scanned in JS. Measured on two inpatient pages (195 lines): ~9% less CPU
 * for recognition, the same text (bench/README.md).
 */
export function withTopTwo(modelBytes: Uint8Array): Uint8Array {
  const g = readGraph(modelBytes);
  const [output, ...more] = [...g.outputs];
  const last = output === undefined ? undefined : g.producers.get(output);
  if (!output || !last || more.length > 0)
    throw new Error('withTopTwo: the model must have exactly one output');
  // TopK took k as an attribute up to opset 9, as an input from opset 10.
  const kAsInput = defaultOpset(g.model) >= 10;
  const k = new Uint8Array(8);
  new DataView(k.buffer).setBigInt64(0, 2n, true);
  const topK = nodeFields(
    'TopK',
    kAsInput ? [output, 'top_two_k'] : [output],
    [TOP_TWO_VALUES, TOP_TWO_CLASSES],
    'top_two',
    kAsInput ? {} : { int: { k: 2 } },
  );
  const graph = [
    ...g.graph.filter((f) => f.field !== 12),
    outputInfo(TOP_TWO_VALUES, FLOAT),
    outputInfo(TOP_TWO_CLASSES, INT64),
  ];
  return writeGraph(
    { ...g, graph },
    new Map([[last, [last.fields, topK]]]),
    kAsInput ? [message(5, tensorFields('top_two_k', [1], INT64, k))] : [],
  );
}
