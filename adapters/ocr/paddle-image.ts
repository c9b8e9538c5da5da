import { ImageRawBase } from '@gutenye/ocr-common';
import { decodeImage, type RgbaImage } from './receipt-image-pixels';

/**
 * The image half of the PaddleOCR backend in plain JS, in place of @gutenye/ocr-node's (which
 * uses sharp, a native libvips whose npm package installs only this machine's platform, while the
 * OCR Lambda runs on arm64). The pipeline needs three things of an image: open it, resize it
 * (detection: to a multiple of 32 both ways, aspect kept, padded; recognition: to 48 px high),
 * and its RGBA pixels. Resizing is bilinear, or an average over the source pixels when shrinking.
 */

type Size = { width?: number; height?: number };

function resample(src: RgbaImage, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = fx - x0;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const a = src.data[(y0 * src.width + x0) * 4 + c] ?? 0;
        const b = src.data[(y0 * src.width + x1) * 4 + c] ?? 0;
        const d = src.data[(y1 * src.width + x0) * 4 + c] ?? 0;
        const e = src.data[(y1 * src.width + x1) * 4 + c] ?? 0;
        out[o + c] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      }
    }
  }
  return out;
}

/** A box filter halving the image while it is more than twice the target (bilinear alone aliases). */
function shrink(src: RgbaImage, width: number, height: number): RgbaImage {
  let image = src;
  while (image.width >= width * 2 && image.height >= height * 2) {
    const w = Math.floor(image.width / 2);
    const h = Math.floor(image.height / 2);
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 4; c++) {
          const at = (yy: number, xx: number) => image.data[(yy * image.width + xx) * 4 + c] ?? 0;
          data[(y * w + x) * 4 + c] =
            (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4;
        }
    image = { width: w, height: h, data };
  }
  return image;
}

export class PaddleImage extends ImageRawBase {
  /** PNG or JPEG bytes, or pixels already decoded. */
  static async open(input: Buffer | RgbaImage): Promise<PaddleImage> {
    const image = Buffer.isBuffer(input) ? decodeImage(input) : input;
    return Promise.resolve(new PaddleImage(image));
  }

  async write(): Promise<void> {
    // Debug output of the pipeline (its isDebug option), never switched on here.
    return Promise.resolve();
  }

  async drawBox(): Promise<this> {
    return Promise.resolve(this);
  }

  /**
   * Both sides given: fitted inside, aspect kept, centred on white (a page's paper; sharp's
   * `contain` pads with black). One side given: the other follows the aspect ratio.
   */
  async resize({ width, height }: Size): Promise<this> {
    const src: RgbaImage = { width: this.width, height: this.height, data: new Uint8ClampedArray(this.data) };
    const scale = Math.min(width ? width / src.width : Infinity, height ? height / src.height : Infinity);
    const w = Math.max(1, Math.round(src.width * scale));
    const h = Math.max(1, Math.round(src.height * scale));
    const inner = resample(shrink(src, w, h), w, h);
    const W = width ?? w;
    const H = height ?? h;
    if (W === w && H === h) {
      this.data = inner;
    } else {
      const data = new Uint8ClampedArray(W * H * 4).fill(255);
      const left = Math.floor((W - w) / 2);
      const top = Math.floor((H - h) / 2);
      for (let y = 0; y < h; y++)
        data.set(inner.subarray(y * w * 4, (y + 1) * w * 4), ((top + y) * W + left) * 4);
      this.data = data;
    }
    this.width = W;
    this.height = H;
    return Promise.resolve(this);
  }
}
