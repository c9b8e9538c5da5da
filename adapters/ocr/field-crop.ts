import { PNG } from 'pngjs';
import type { Box } from '../../domain/receipt-field-regions';
import { encodeGreyPng, type GreyImage } from './grey-image';

/**
 * A field's value box cut out of the page for a second read: enlarged (tesseract's LSTM reads
 * 24-px print better at twice the size; measured on the fixtures: check codes 2/3 → 3/3) and
 * framed in white (it wants a margin around a line).
 */

const SCALE = 2;
const MARGIN = 16;

export function decodeGreyPng(bytes: Buffer): GreyImage {
  const png = PNG.sync.read(bytes);
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i * 4] ?? 255;
  return { width: png.width, height: png.height, data };
}

export function cropForReread(page: GreyImage, box: Box): Buffer {
  const x0 = Math.max(0, Math.floor(box.x0));
  const y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(page.width, Math.ceil(box.x1));
  const y1 = Math.min(page.height, Math.ceil(box.y1));
  const w = Math.max(1, Math.round((x1 - x0) * SCALE));
  const h = Math.max(1, Math.round((y1 - y0) * SCALE));
  const width = w + 2 * MARGIN;
  const height = h + 2 * MARGIN;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < h; y++) {
    // Bilinear: nearest-neighbour doubling makes jagged strokes the LSTM reads worse.
    const sy = Math.min(y1 - 1, y0 + (y + 0.5) / SCALE - 0.5);
    const fy = Math.max(0, sy - Math.floor(sy));
    const r0 = Math.max(0, Math.floor(sy));
    const r1 = Math.min(page.height - 1, r0 + 1);
    for (let x = 0; x < w; x++) {
      const sx = Math.min(x1 - 1, x0 + (x + 0.5) / SCALE - 0.5);
      const fx = Math.max(0, sx - Math.floor(sx));
      const c0 = Math.max(0, Math.floor(sx));
      const c1 = Math.min(page.width - 1, c0 + 1);
      const top =
        (page.data[r0 * page.width + c0] ?? 255) * (1 - fx) + (page.data[r0 * page.width + c1] ?? 255) * fx;
      const bottom =
        (page.data[r1 * page.width + c0] ?? 255) * (1 - fx) + (page.data[r1 * page.width + c1] ?? 255) * fx;
      data[(y + MARGIN) * width + x + MARGIN] = top * (1 - fy) + bottom * fy;
    }
  }
  return encodeGreyPng({ width, height, data });
}
