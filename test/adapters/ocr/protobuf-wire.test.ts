import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  intOf,
  intsOf,
  message,
  text,
  textOf,
  textsOf,
  varint,
} from '../../../adapters/ocr/protobuf-wire';

describe('protobuf at the wire level', () => {
  it('writes back what it read, byte for byte, nested messages, packed ints and fixed fields included', () => {
    const inner = [text(1, 'perm'), varint(8, 0), varint(8, 2), varint(20, 7)];
    const fixed = new Uint8Array([0, 0, 0x80, 0x3f]);
    const fields = [
      varint(1, 8),
      message(5, inner),
      { field: 2, wire: 5 as const, value: fixed },
      { field: 3, wire: 1 as const, value: new Uint8Array(8).fill(7) },
      text(4, '患者 0009'),
    ];
    const bytes = encodeMessage(fields);
    expect(encodeMessage(decodeMessage(bytes))).toEqual(bytes);
    const read = decodeMessage(bytes);
    expect(intOf(read, 1)).toBe(8);
    expect(textOf(read, 4)).toBe('患者 0009');
    const nested = decodeMessage(read.find((f) => f.field === 5)!.value as Uint8Array);
    expect(textOf(nested, 1)).toBe('perm');
    expect(intsOf(nested, 8)).toEqual([0, 2]);
  });

  it('reads int64 values as signed (10-byte varints), packed lists and repeated strings', () => {
    const bytes = encodeMessage([varint(3, -1), varint(3, 300), text(2, 'a'), text(2, 'b')]);
    // -1 as an int64 varint: ten bytes.
    expect(bytes.length).toBe(1 + 10 + 1 + 2 + 2 * 3);
    expect(intsOf(decodeMessage(bytes), 3)).toEqual([-1, 300]);
    expect(textsOf(decodeMessage(bytes), 2)).toEqual(['a', 'b']);
    // Packed: one length-delimited field of varints.
    const packed = encodeMessage([{ field: 8, wire: 2, value: new Uint8Array([1, 0xac, 0x02, 3]) }]);
    expect(intsOf(decodeMessage(packed), 8)).toEqual([1, 300, 3]);
  });

  it('refuses a field running past the end and a wire type it does not know', () => {
    expect(() => decodeMessage(new Uint8Array([0x0a, 0x05, 0x61]))).toThrow(/past the end/);
    expect(() => decodeMessage(new Uint8Array([0x0b]))).toThrow(/wire type 3/);
  });
});
