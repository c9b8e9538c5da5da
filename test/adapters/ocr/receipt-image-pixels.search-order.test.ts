import type jsQR from 'jsqr';
import { describe, expect, it, vi } from 'vitest';

// Every picture jsqr is given, by its size: which searches ran.
const seen: { width: number; height: number }[] = [];
vi.mock('jsqr', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof jsQR }>()).default;
  return {
    default: (data: Uint8ClampedArray, width: number, height: number, options?: object) => {
      seen.push({ width, height });
      return real(data, width, height, options);
    },
  };
});

const { cornerRegions, findQrCode, FULL_SIZE_LIKENESS } =
  await import('../../../adapters/ocr/receipt-image-pixels');

/** A white page with rows of text-like strokes in every corner (no square dark enough for a code). */
function textPage(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (y % 24 < 14 && x % 14 < 8 && (x % 14 < 2 || y % 24 < 2)) {
        const o = (y * width + x) * 4;
        data[o] = data[o + 1] = data[o + 2] = 20;
      }
  return { width, height, data };
}

describe('the QR search on a page without a code', () => {
  it('searches each corner at half size and the whole page at full size, no corner at full size when none looks like a code', () => {
    expect(FULL_SIZE_LIKENESS).toBeGreaterThan(0);
    seen.length = 0;
    const width = 1100;
    const height = 750;
    expect(findQrCode(textPage(width, height))).toBe(undefined);
    const corners = cornerRegions(width, height);
    const halves = corners.map((r) => ({
      width: Math.floor((r.x1 - r.x0) / 2),
      height: Math.floor((r.y1 - r.y0) / 2),
    }));
    expect(seen).toEqual([...halves, { width, height }]);
  });
});
