/**
 * Protocol Buffers at the wire level: a message as its list of fields, in order, each a varint,
 * a fixed 32/64-bit value or a length-delimited byte string, so a message can be read, a few of
 * its fields changed, and written back with everything else byte for byte as it was. Enough to
 * rewrite an ONNX model (adapters/ocr/onnx-quantize.ts) without a .proto compiler or a package:
 * the caller knows which field numbers it wants and decodes those.
 */

export const VARINT = 0;
export const FIXED64 = 1;
export const BYTES = 2;
export const FIXED32 = 5;

export type Field =
  | { field: number; wire: typeof VARINT; value: bigint }
  | { field: number; wire: typeof FIXED64 | typeof FIXED32 | typeof BYTES; value: Uint8Array };

function readVarint(bytes: Uint8Array, at: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  let p = at;
  for (;;) {
    if (p >= bytes.length) throw new Error('protobuf: varint past the end');
    const b = bytes[p++] ?? 0;
    value |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return { value, next: p };
    shift += 7n;
    if (shift > 63n) throw new Error('protobuf: varint too long');
  }
}

/** The fields of one message, in the order they are written. */
export function decodeMessage(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  let p = 0;
  while (p < bytes.length) {
    const tag = readVarint(bytes, p);
    p = tag.next;
    const field = Number(tag.value >> 3n);
    const wire = Number(tag.value & 7n);
    if (wire === VARINT) {
      const v = readVarint(bytes, p);
      p = v.next;
      fields.push({ field, wire, value: v.value });
    } else if (wire === BYTES) {
      const len = readVarint(bytes, p);
      p = len.next;
      const end = p + Number(len.value);
      if (end > bytes.length) throw new Error('protobuf: field past the end');
      fields.push({ field, wire, value: bytes.subarray(p, end) });
      p = end;
    } else if (wire === FIXED64 || wire === FIXED32) {
      const end = p + (wire === FIXED64 ? 8 : 4);
      if (end > bytes.length) throw new Error('protobuf: field past the end');
      fields.push({ field, wire, value: bytes.subarray(p, end) });
      p = end;
    } else throw new Error(`protobuf: wire type ${wire} not supported`);
  }
  return fields;
}

function varintBytes(value: bigint): number[] {
  // Negative int64 values are written as their 64-bit two's complement (10 bytes).
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}

/** A message's bytes from its fields, in the given order. */
export function encodeMessage(fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const push = (part: Uint8Array) => {
    parts.push(part);
    size += part.length;
  };
  for (const f of fields) {
    push(Uint8Array.from(varintBytes(BigInt((f.field << 3) | f.wire))));
    if (f.wire === VARINT) push(Uint8Array.from(varintBytes(f.value)));
    else {
      if (f.wire === BYTES) push(Uint8Array.from(varintBytes(BigInt(f.value.length))));
      push(f.value);
    }
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** Field builders. */
export const varint = (field: number, value: number | bigint): Field => ({
  field,
  wire: VARINT,
  value: BigInt(value),
});
export const bytes = (field: number, value: Uint8Array): Field => ({ field, wire: BYTES, value });
export const text = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value));
export const message = (field: number, fields: readonly Field[]): Field =>
  bytes(field, encodeMessage(fields));

/** Readers of one field number (the last value wins for a single field, as protobuf has it). */
export function bytesOf(fields: readonly Field[], field: number): Uint8Array[] {
  return fields.flatMap((f) => (f.field === field && f.wire === BYTES ? [f.value] : []));
}
export function textOf(fields: readonly Field[], field: number): string {
  const all = bytesOf(fields, field);
  const last = all[all.length - 1];
  return last ? new TextDecoder().decode(last) : '';
}
export function textsOf(fields: readonly Field[], field: number): string[] {
  return bytesOf(fields, field).map((b) => new TextDecoder().decode(b));
}
/** Integers of a field, packed (one byte string of varints) or not; int64 read as signed. */
export function intsOf(fields: readonly Field[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === VARINT) out.push(Number(BigInt.asIntN(64, f.value)));
    else if (f.wire === BYTES) {
      let p = 0;
      while (p < f.value.length) {
        const v = readVarint(f.value, p);
        out.push(Number(BigInt.asIntN(64, v.value)));
        p = v.next;
      }
    }
  }
  return out;
}
export function intOf(fields: readonly Field[], field: number): number | undefined {
  const all = intsOf(fields, field);
  return all[all.length - 1];
}
