import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeGreyPng } from '../../../adapters/ocr/field-crop';
import { encodeGreyPng, type GreyImage } from '../../../adapters/ocr/grey-image';

/** The filter-type byte in front of each row of a PNG's pixel data. */
function rowFilters(png: Buffer, width: number, height: number): number[] {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return Array.from({ length: height }, (_, y) => raw[y * (width + 1)] ?? -1);
}

// A page-like picture: a smooth gradient (which the adaptive filters would predict) with ink.
const width = 97;
const height = 41;
const image: GreyImage = {
  width,
  height,
  data: Uint8Array.from({ length: width * height }, (_, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    return (x * 7 + y * 3) % 17 === 0 ? 20 : 120 + ((x + y) % 120);
  }),
};

describe('encodeGreyPng', () => {
  it('writes every row unfiltered (no per-row filter search)', () => {
    expect(rowFilters(encodeGreyPng(image), width, height)).toEqual(new Array(height).fill(0));
  });

  it('keeps the pixels exactly', () => {
    const back = decodeGreyPng(encodeGreyPng(image));
    expect([back.width, back.height]).toEqual([width, height]);
    expect(Buffer.from(back.data).equals(Buffer.from(image.data))).toBe(true);
  });
});
