import jsQR from 'jsqr';
import { PNG } from 'pngjs';

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

export interface QrFound {
  payload: string;
  /** Bounding box of the code in the image. */
  box: { x0: number; y0: number; x1: number; y1: number };
}

export function findQrCode(image: RgbaImage): QrFound | undefined {
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  if (!code) return undefined;
  const { topLeftCorner: a, topRightCorner: b, bottomLeftCorner: c, bottomRightCorner: d } = code.location;
  const xs = [a.x, b.x, c.x, d.x];
  const ys = [a.y, b.y, c.y, d.y];
  return {
    payload: code.data,
    box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
  };
}

const INK = 140;

/**
 * A grey copy for OCR: the QR code (with a margin) whitened, and long straight ink runs
 * (table rules, boxes) removed: a horizontal run longer than a tenth of the width, or a
 * vertical one longer than a twelfth of the height, is a line of the form, not a character.
 */
export function cleanForOcr(image: RgbaImage, qrBox?: QrFound['box']): Buffer {
  const { width, height, data } = image;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const r = data[i * 4] ?? 255;
    const g = data[i * 4 + 1] ?? 255;
    const b = data[i * 4 + 2] ?? 255;
    grey[i] = (r * 299 + g * 587 + b * 114) / 1000;
  }
  if (qrBox) {
    const margin = Math.round((qrBox.x1 - qrBox.x0) * 0.15) + 4;
    for (let y = Math.max(0, Math.floor(qrBox.y0 - margin)); y < Math.min(height, qrBox.y1 + margin); y++)
      for (let x = Math.max(0, Math.floor(qrBox.x0 - margin)); x < Math.min(width, qrBox.x1 + margin); x++)
        grey[y * width + x] = 255;
  }
  const erase = new Uint8Array(width * height);
  const minH = Math.max(60, Math.round(width / 10));
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      const ink = x < width && (grey[y * width + x] ?? 255) < INK;
      if (ink) run++;
      else {
        if (run >= minH) for (let k = x - run; k < x; k++) erase[y * width + k] = 1;
        run = 0;
      }
    }
  }
  const minV = Math.max(40, Math.round(height / 12));
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      const ink = y < height && (grey[y * width + x] ?? 255) < INK;
      if (ink) run++;
      else {
        if (run >= minV) for (let k = y - run; k < y; k++) erase[k * width + x] = 1;
        run = 0;
      }
    }
  }
  const out = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const plane = Buffer.alloc(width * height);
  for (let i = 0; i < width * height; i++) plane[i] = erase[i] ? 255 : (grey[i] ?? 255);
  out.data = plane;
  return PNG.sync.write(out, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
