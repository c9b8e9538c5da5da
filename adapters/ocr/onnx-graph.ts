import {
  bytes,
  bytesOf,
  decodeMessage,
  encodeMessage,
  type Field,
  intOf,
  intsOf,
  message,
  text,
  textOf,
  textsOf,
  varint,
} from './protobuf-wire';

/**
 * An ONNX model's graph, read just enough to rewrite some of its nodes in memory
 * (adapters/ocr/onnx-fuse.ts, adapters/ocr/onnx-quantize.ts), with every other byte kept as it
 * was (adapters/ocr/protobuf-wire.ts). No package: the few field numbers used are onnx.proto's.
 *
 * ModelProto: opset_import 8, graph 7. GraphProto: node 1, initializer 5, output 12.
 * NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, domain 7. AttributeProto: name 1,
 * f 2, i 3, t 5, ints 8, type 20. TensorProto: dims 1, data_type 2, float_data 4, name 8,
 * raw_data 9. ValueInfoProto: name 1. OperatorSetIdProto: domain 1, version 2.
 */

export const FLOAT = 1;
export const INT8 = 3;
export const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

export interface OnnxNode {
  fields: Field[];
  op: string;
  inputs: string[];
  outputs: string[];
}

export interface FloatTensor {
  dims: number[];
  data: Float32Array;
}

export interface OnnxGraph {
  model: Field[];
  graph: Field[];
  nodes: OnnxNode[];
  /** Float constants by tensor name: Constant nodes' values and the initializers. */
  constants: Map<string, FloatTensor>;
  /** The nodes reading each tensor. */
  consumers: Map<string, OnnxNode[]>;
  /** The node writing each tensor. */
  producers: Map<string, OnnxNode>;
  /** The graph's output names. */
  outputs: Set<string>;
}

export const parseNode = (b: Uint8Array): OnnxNode => {
  const fields = decodeMessage(b);
  return { fields, op: textOf(fields, 4), inputs: textsOf(fields, 1), outputs: textsOf(fields, 2) };
};

/** A float tensor's name, shape and values (raw_data or float_data), or undefined for other types. */
export function floatTensor(tensorBytes: Uint8Array): (FloatTensor & { name: string }) | undefined {
  const t = decodeMessage(tensorBytes);
  if ((intOf(t, 2) ?? 0) !== FLOAT) return undefined;
  const dims = intsOf(t, 1);
  const raw = bytesOf(t, 9)[0] ?? bytesOf(t, 4)[0] ?? new Uint8Array(0);
  // A copy: the bytes may sit at any offset of a shared buffer.
  const data = new Float32Array(new Uint8Array(raw).buffer);
  if (data.length !== dims.reduce((a, b) => a * b, 1)) return undefined;
  return { name: textOf(t, 8), dims, data };
}

export function readGraph(modelBytes: Uint8Array): OnnxGraph {
  const model = decodeMessage(modelBytes);
  const graphBytes = bytesOf(model, 7)[0];
  if (!graphBytes) throw new Error('ONNX model has no graph');
  const graph = decodeMessage(graphBytes);
  const nodes = bytesOf(graph, 1).map(parseNode);
  const constants = new Map<string, FloatTensor>();
  for (const node of nodes) {
    if (node.op !== 'Constant') continue;
    const value = attribute(node, 'value');
    const t = value && bytesOf(value, 5)[0];
    const out = node.outputs[0];
    const tensor = t && floatTensor(t);
    if (tensor && out) constants.set(out, tensor);
  }
  for (const b of bytesOf(graph, 5)) {
    const tensor = floatTensor(b);
    if (tensor) constants.set(tensor.name, tensor);
  }
  const consumers = new Map<string, OnnxNode[]>();
  for (const node of nodes)
    for (const i of node.inputs) {
      const list = consumers.get(i) ?? [];
      list.push(node);
      consumers.set(i, list);
    }
  const producers = new Map<string, OnnxNode>();
  for (const node of nodes) for (const o of node.outputs) producers.set(o, node);
  const outputs = new Set(bytesOf(graph, 12).map((b) => textOf(decodeMessage(b), 1)));
  return { model, graph, nodes, constants, consumers, producers, outputs };
}

/** A node's attribute by name (its AttributeProto fields). */
export function attribute(node: OnnxNode, name: string): Field[] | undefined {
  for (const a of bytesOf(node.fields, 5)) {
    const f = decodeMessage(a);
    if (textOf(f, 1) === name) return f;
  }
  return undefined;
}

/** An integer or integer-list attribute's values ([] when absent). */
export function intAttribute(node: OnnxNode, name: string): number[] {
  const a = attribute(node, name);
  if (!a) return [];
  const ints = intsOf(a, 8);
  const i = intOf(a, 3);
  return ints.length > 0 ? ints : i === undefined ? [] : [i];
}

/** A float attribute's value. */
export function floatAttribute(node: OnnxNode, name: string): number | undefined {
  const a = attribute(node, name);
  const f = a?.find((x) => x.field === 2 && x.wire === 5);
  return f && f.wire === 5 ? new DataView(new Uint8Array(f.value).buffer).getFloat32(0, true) : undefined;
}

/** The single value of a constant of one element, if `name` is one. */
export function scalarConstant(graph: OnnxGraph, name: string | undefined): number | undefined {
  const c = name === undefined ? undefined : graph.constants.get(name);
  return c && c.data.length === 1 ? c.data[0] : undefined;
}

/** The only node reading `tensor`, when there is exactly one and it is not a graph output. */
export function soleConsumer(graph: OnnxGraph, tensor: string | undefined): OnnxNode | undefined {
  if (tensor === undefined || graph.outputs.has(tensor)) return undefined;
  const list = graph.consumers.get(tensor) ?? [];
  return list.length === 1 ? list[0] : undefined;
}

/** A TensorProto's fields. */
export function tensorFields(name: string, dims: readonly number[], type: number, data: Uint8Array): Field[] {
  return [...dims.map((d) => varint(1, d)), varint(2, type), text(8, name), bytes(9, data)];
}

export const floatInitializer = (name: string, dims: readonly number[], data: Float32Array): Field =>
  message(5, tensorFields(name, dims, FLOAT, new Uint8Array(data.slice().buffer)));

/** A NodeProto's fields; attributes: ints (`int`), int lists (`ints`) and floats. */
export function nodeFields(
  op: string,
  inputs: readonly string[],
  outputs: readonly string[],
  name: string,
  options: {
    domain?: string;
    int?: Record<string, number>;
    ints?: Record<string, readonly number[]>;
    floats?: Record<string, number>;
  } = {},
): Field[] {
  const fields: Field[] = [
    ...inputs.map((i) => text(1, i)),
    ...outputs.map((o) => text(2, o)),
    text(3, name),
    text(4, op),
  ];
  for (const [key, value] of Object.entries(options.int ?? {}))
    fields.push(message(5, [text(1, key), varint(3, value), varint(20, ATTR_INT)]));
  for (const [key, values] of Object.entries(options.ints ?? {}))
    fields.push(message(5, [text(1, key), ...values.map((v) => varint(8, v)), varint(20, ATTR_INTS)]));
  for (const [key, value] of Object.entries(options.floats ?? {})) {
    const f = new Uint8Array(4);
    new DataView(f.buffer).setFloat32(0, value, true);
    fields.push(message(5, [text(1, key), { field: 2, wire: 5, value: f }, varint(20, ATTR_FLOAT)]));
  }
  if (options.domain) fields.push(text(7, options.domain));
  return fields;
}

/** A node's fields with other inputs and outputs (its name, type and attributes kept). */
export function withInputsOutputs(
  node: OnnxNode,
  inputs: readonly string[],
  outputs: readonly string[],
): Field[] {
  return [
    ...inputs.map((i) => text(1, i)),
    ...outputs.map((o) => text(2, o)),
    ...node.fields.filter((f) => f.field !== 1 && f.field !== 2),
  ];
}

/**
 * The model with some nodes replaced (by zero or more nodes each) and initializers added;
 * Constant nodes and initializers no longer read by anything dropped; `opsets` added to the
 * model's opset imports when missing.
 */
export function writeGraph(
  g: OnnxGraph,
  replaced: ReadonlyMap<OnnxNode, readonly Field[][]>,
  initializers: readonly Field[],
  opsets: readonly { domain: string; version: number }[] = [],
): Uint8Array {
  const newNodes: Field[][] = g.nodes.flatMap((node) => replaced.get(node) ?? [node.fields]);
  const read = new Set<string>(g.outputs);
  for (const fields of newNodes) for (const i of textsOf(fields, 1)) read.add(i);
  const kept = newNodes.filter(
    (fields) => textOf(fields, 4) !== 'Constant' || textsOf(fields, 2).some((o) => read.has(o)),
  );
  const initializerRead = (f: Field) =>
    f.field !== 5 || f.wire !== 2 || read.has(textOf(decodeMessage(f.value), 8));
  const graph: Field[] = [
    ...kept.map((fields) => message(1, fields)),
    ...g.graph.filter((f) => f.field !== 1 && initializerRead(f)),
    ...initializers.filter(initializerRead),
  ];
  const model: Field[] = g.model.map((f) => (f.field === 7 ? message(7, graph) : f));
  const present = bytesOf(g.model, 8).map((b) => textOf(decodeMessage(b), 1));
  for (const o of opsets)
    if (!present.includes(o.domain)) model.push(message(8, [text(1, o.domain), varint(2, o.version)]));
  return encodeMessage(model);
}
