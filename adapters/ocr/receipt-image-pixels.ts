import jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { RECEIPT_IMAGE_LIMITS, sniffImageType } from '../../domain/receipt-image';
import { deskew } from './deskew';
import { rememberGreyPage } from './field-crop';
import { encodeGreyPng, otsuThreshold, stretchContrast, toGrey } from './grey-image';
import { removeRuledLines } from './ruled-lines';

/**
 * Pixel work on a receipt image, in plain JS (pngjs + jsqr; no native image libraries):
 * decoding a PNG, finding its QR code, and cleaning it up for OCR (the QR code and the
 * ruled lines of the form whitened, so tesseract reads text, not boxes).
 */

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function decodePng(bytes: Buffer): RgbaImage {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
}

/**
 * A JPEG decoded in plain JS (jpeg-js): a phone's upload gets the same QR search and clean-up
 * as a PNG. The image was checked against the size limits before (domain/receipt-image.ts);
 * jpeg-js is told the same limits, so a lying header cannot make it allocate more.
 */
export function decodeJpeg(bytes: Buffer): RgbaImage {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: RECEIPT_IMAGE_LIMITS.maxPixels / 1_000_000,
    maxMemoryUsageInMB: 256,
  });
  return {
    width: image.width,
    height: image.height,
    data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
  };
}

/** A PNG or JPEG (by its bytes, never its name) decoded to RGBA. */
export function decodeImage(bytes: Buffer): RgbaImage {
  return sniffImageType(bytes) === 'image/jpeg' ? decodeJpeg(bytes) : decodePng(bytes);
}

export interface QrFound {
  payload: string;
  /** Bounding box of the code in the image. */
  box: { x0: number; y0: number; x1: number; y1: number };
}

/** A pixel region of an image (x1, y1 exclusive). */
interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Every `factor`×`factor` block of `region` averaged into one pixel (green channel: the page is
 * grey), as RGBA for jsqr.
 */
export function downscaleRegion(image: RgbaImage, factor: number, region: Region): RgbaImage {
  const width = Math.floor((region.x1 - region.x0) / factor);
  const height = Math.floor((region.y1 - region.y0) / factor);
  const data = new Uint8ClampedArray(width * height * 4);
  const area = factor * factor;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = 0; j < factor; j++) {
        const row = ((region.y0 + y * factor + j) * image.width + region.x0 + x * factor) * 4 + 1;
        for (let i = 0; i < factor; i++) sum += image.data[row + i * 4] ?? 255;
      }
      const o = (y * width + x) * 4;
      data[o] = data[o + 1] = data[o + 2] = sum / area;
      data[o + 3] = 255;
    }
  return { width, height, data };
}

function scan(image: RgbaImage, scale: number, offset = { x: 0, y: 0 }): QrFound | undefined {
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  // jsqr can "find" an empty code in a photo's shading (a 400 × 900 px box on a receipt with no
  // code): the reader would whiten that box and the text in it. A printed code says something
  // and is about square.
  if (!code || code.data === '') return undefined;
  const { topLeftCorner: a, topRightCorner: b, bottomLeftCorner: c, bottomRightCorner: d } = code.location;
  const xs = [a.x, b.x, c.x, d.x].map((v) => v * scale + offset.x);
  const ys = [a.y, b.y, c.y, d.y].map((v) => v * scale + offset.y);
  const box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  const aspect = (box.x1 - box.x0) / Math.max(1, box.y1 - box.y0);
  if (aspect < 0.6 || aspect > 1.6) return undefined;
  return { payload: code.data, box };
}

/**
 * Where bills print their code, in the order tried: a corner, top right first, 28% of the page's
 * width × 45% of its height (never under 240 px where the page allows). On the 98 fixture pages
 * with a code, every code lies within 20% of the width and 41% of the height from its corner; a
 * code outside every corner is still found, by the whole page, only later.
 */
const CORNERS = [
  { right: true, bottom: false },
  { right: false, bottom: false },
  { right: true, bottom: true },
  { right: false, bottom: true },
] as const;

/** The corner regions of an image, in pixels, in the order they are searched. */
export function cornerRegions(width: number, height: number, minSide = 240): Region[] {
  const w = Math.min(width, Math.max(minSide, Math.round(width * 0.28)));
  const h = Math.min(height, Math.max(minSide, Math.round(height * 0.45)));
  return CORNERS.map((c) => {
    const x0 = c.right ? width - w : 0;
    const y0 = c.bottom ? height - h : 0;
    return { x0, y0, x1: x0 + w, y1: y0 + h };
  });
}

/** The side, in half-size pixels, of the square window `codeLikeness` looks through. */
const LIKENESS_WINDOW = 40;

/**
 * How much a picture (RGBA, grey; a corner at half size) looks like it holds a QR code: the
 * darkest share of any LIKENESS_WINDOW-px square of it (window positions every 4 px), dark
 * meaning below the midpoint of the picture's darkest and lightest 1%. A printed code is about
 * half dark modules over 50–60 px at half size; text, even a bold title, leaves most of such a
 * square paper, and a ruled line a thin band of it. Only an order: every corner is still searched.
 */
export function codeLikeness(image: RgbaImage): number {
  const { width, height, data } = image;
  if (width < LIKENESS_WINDOW || height < LIKENESS_WINDOW) return 0;
  const histogram = new Uint32Array(256);
  for (let i = 1; i < data.length; i += 4) {
    const v = data[i] ?? 255;
    histogram[v] = (histogram[v] ?? 0) + 1;
  }
  const level = (share: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v] ?? 0) >= share * width * height) return v;
    return 255;
  };
  const dark = (level(0.01) + level(0.99)) / 2;
  // Summed-area table of dark pixels, one row and column of zeros in front.
  const W = width + 1;
  const sums = new Uint32Array(W * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      if ((data[(y * width + x) * 4 + 1] ?? 255) < dark) row++;
      sums[(y + 1) * W + x + 1] = (sums[y * W + x + 1] ?? 0) + row;
    }
  }
  const n = LIKENESS_WINDOW;
  let best = 0;
  for (let y = 0; y + n <= height; y += 4)
    for (let x = 0; x + n <= width; x += 4) {
      const count =
        (sums[(y + n) * W + x + n] ?? 0) -
        (sums[y * W + x + n] ?? 0) -
        (sums[(y + n) * W + x] ?? 0) +
        (sums[y * W + x] ?? 0);
      if (count > best) best = count;
    }
  return best / (n * n);
}

/**
 * A corner whose half-size picture has no square this code-like is not searched at full size on
 * its own: the whole page, searched last at full size, covers it. On the 144 fixture pages every
 * corner holding a code scores ≥ 0.48, and 90% of the other corners ≤ 0.30 (text, rules; a dark
 * photo edge up to 0.92), so a code keeps its early full-size search and a page without one
 * skips most of them.
 */
export const FULL_SIZE_LIKENESS = 0.3;

/**
 * The page's QR code. jsqr's cost grows with the pixel count (it binarises all it is given), so
 * it looks at small pictures first: corner by corner, the corner at half size (a printed bill's
 * code is 100–150 px wide, still 1.5–2 px a module at half size; ~3% of the page's pixels), then
 * the same corner at full size (a blurred or low-contrast code needs every pixel; ~13%) when the
 * corner looks as if it could hold a code (FULL_SIZE_LIKENESS); only when no corner holds one,
 * the whole page (a code elsewhere, a keystoned photo, a code too faint to score). The corners
 * are taken likeliest first (`codeLikeness` of their half-size pictures, ties in CORNERS' order),
 * so a code in the bottom right or top left does not wait for two full-size misses. Each
 * full-size picture is cut when tried. Measured in bench/README.md ("Receipt OCR", QR path).
 */
export function findQrCode(image: RgbaImage): QrFound | undefined {
  if (Math.min(image.width, image.height) >= 400) {
    const corners = cornerRegions(image.width, image.height).map((region) => {
      const half = downscaleRegion(image, 2, region);
      return { region, half, likeness: codeLikeness(half) };
    });
    // Array.prototype.sort is stable: equal likeness keeps CORNERS' order.
    corners.sort((a, b) => b.likeness - a.likeness);
    for (const { region, half, likeness } of corners) {
      const offset = { x: region.x0, y: region.y0 };
      const found =
        scan(half, 2, offset) ??
        (likeness >= FULL_SIZE_LIKENESS ? scan(downscaleRegion(image, 1, region), 1, offset) : undefined);
      if (found) return found;
    }
  }
  return scan(image, 1);
}

/** What the clean-up did to a page (the bench and --debug report it). */
export interface CleanUp {
  png: Buffer;
  skewDegrees: number;
  threshold: number;
}

/**
 * A grey copy for OCR: the QR code (with a margin) whitened, the contrast stretched, the page
 * straightened (deskew.ts) and the form's ruled lines removed (ruled-lines.ts).
 */
export function cleanForOcr(image: RgbaImage, qrBox?: QrFound['box']): CleanUp {
  let grey = toGrey(image);
  if (qrBox) {
    const { width, height, data } = grey;
    const margin = Math.round((qrBox.x1 - qrBox.x0) * 0.15) + 4;
    for (let y = Math.max(0, Math.floor(qrBox.y0 - margin)); y < Math.min(height, qrBox.y1 + margin); y++)
      for (let x = Math.max(0, Math.floor(qrBox.x0 - margin)); x < Math.min(width, qrBox.x1 + margin); x++)
        data[y * width + x] = 255;
  }
  grey = stretchContrast(grey);
  const threshold = otsuThreshold(grey);
  const straight = deskew(grey, threshold);
  const cleaned = removeRuledLines(straight.image, threshold);
  return { png: rememberGreyPage(encodeGreyPng(cleaned), cleaned), skewDegrees: straight.degrees, threshold };
}
