import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeGreyPng } from '../../../adapters/ocr/field-crop';
import {
  cleanForOcr,
  codeLikeness,
  cornerRegions,
  downscaleRegion,
  findQrCode,
  type RgbaImage,
} from '../../../adapters/ocr/receipt-image-pixels';

const PAYLOAD = 'CCEB1|H31011200113|31011226|0003476454|58989d|2026-06-24|27655';

/** A white page with the payload's QR code drawn at (left, top), `px` pixels a module. */
function pageWithCode(width: number, height: number, left: number, top: number, px = 4): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const { modules } = QRCode.create(PAYLOAD, { errorCorrectionLevel: 'M' });
  for (let my = 0; my < modules.size; my++)
    for (let mx = 0; mx < modules.size; mx++) {
      if (!modules.get(mx, my)) continue;
      for (let y = 0; y < px; y++)
        for (let x = 0; x < px; x++) {
          const o = ((top + my * px + y) * width + left + mx * px + x) * 4;
          data[o] = data[o + 1] = data[o + 2] = 0;
        }
    }
  return { width, height, data };
}

describe('the QR search, corner by corner', () => {
  it('cuts four corners of 28% × 45% of the page, top right first, never smaller than 240 px where the page allows', () => {
    expect(cornerRegions(1000, 800)).toEqual([
      { x0: 720, y0: 0, x1: 1000, y1: 360 },
      { x0: 0, y0: 0, x1: 280, y1: 360 },
      { x0: 720, y0: 440, x1: 1000, y1: 800 },
      { x0: 0, y0: 440, x1: 280, y1: 800 },
    ]);
    expect(cornerRegions(500, 200)[2]).toEqual({ x0: 260, y0: 0, x1: 500, y1: 200 });
  });

  it('finds a code in a corner, its box in page pixels', () => {
    const found = findQrCode(pageWithCode(1100, 750, 60, 560));
    expect(found?.payload).toBe(PAYLOAD);
    expect(found?.box.x0).toBeGreaterThan(50);
    expect(found?.box.x0).toBeLessThan(80);
    expect(found?.box.y0).toBeGreaterThan(550);
    expect(found?.box.y1).toBeLessThan(750);
  });

  it('still finds a code away from every corner (the whole page last)', () => {
    const found = findQrCode(pageWithCode(1100, 750, 480, 300));
    expect(found?.payload).toBe(PAYLOAD);
    expect(found?.box.x0).toBeGreaterThan(470);
    expect(found?.box.x1).toBeLessThan(650);
  });

  it('ranks the corner holding the code above corners of text, rules or paper', () => {
    const image = pageWithCode(1100, 750, 940, 600);
    // Text-like ink in the top right: 2-px strokes in rows of 12 px, 60% of each row inked.
    for (let y = 20; y < 300; y++)
      for (let x = 800; x < 1090; x++)
        if (y % 12 < 8 && x % 10 < 6 && (x % 10 < 2 || y % 12 < 2)) {
          const o = (y * 1100 + x) * 4;
          image.data[o] = image.data[o + 1] = image.data[o + 2] = 30;
        }
    // A ruled line across the top left.
    for (let x = 0; x < 300; x++) for (let y = 100; y < 103; y++) image.data[(y * 1100 + x) * 4 + 1] = 0;
    const [topRight, topLeft, bottomRight, bottomLeft] = cornerRegions(1100, 750).map((r) =>
      codeLikeness(downscaleRegion(image, 2, r)),
    );
    expect(bottomRight).toBeGreaterThan(0.4);
    for (const other of [topRight, topLeft, bottomLeft]) expect(other).toBeLessThan((bottomRight ?? 0) - 0.1);
    expect(bottomLeft).toBe(0);
    expect(findQrCode(image)?.payload).toBe(PAYLOAD);
  });

  it('finds nothing on a page without a code', () => {
    expect(
      findQrCode({ width: 800, height: 600, data: new Uint8ClampedArray(800 * 600 * 4).fill(255) }),
    ).toBe(undefined);
  });
});

describe('the cleaned page', () => {
  it('gives the engines its pixels back without decoding its PNG again, and the same pixels as decoding', () => {
    const { png } = cleanForOcr(pageWithCode(600, 400, 20, 20));
    const page = decodeGreyPng(png);
    expect(decodeGreyPng(png)).toBe(page);
    const copy = decodeGreyPng(Buffer.from(png));
    expect(copy).not.toBe(page);
    expect(Buffer.from(copy.data).equals(Buffer.from(page.data))).toBe(true);
  });
});
