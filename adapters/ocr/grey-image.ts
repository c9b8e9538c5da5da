import { PNG } from 'pngjs';

/**
 * An 8-bit grey image (0 = black ink, 255 = white paper), the one pixel format the clean-up
 * steps share, with the few operations they need in plain JS (no native image library).
 */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Luma (ITU-R 601) of RGBA pixels. */
export function toGrey(rgba: { width: number; height: number; data: Uint8ClampedArray }): GreyImage {
  const { width, height, data } = rgba;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    grey[i] =
      ((data[i * 4] ?? 255) * 299 + (data[i * 4 + 1] ?? 255) * 587 + (data[i * 4 + 2] ?? 255) * 114) / 1000;
  }
  return { width, height, data: grey };
}

/**
 * Otsu's threshold: the grey level that best splits the histogram into ink and paper. Pixels
 * below it are ink. A fixed level fails on low-contrast paper (ink 110, paper 205) and on
 * photos with uneven light; Otsu follows the page.
 */
export function otsuThreshold(image: GreyImage): number {
  const histogram = new Float64Array(256);
  for (const v of image.data) histogram[v] = (histogram[v] ?? 0) + 1;
  const total = image.data.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * (histogram[v] ?? 0);
  let sumBelow = 0;
  let countBelow = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    countBelow += histogram[v] ?? 0;
    if (countBelow === 0) continue;
    const countAbove = total - countBelow;
    if (countAbove === 0) break;
    sumBelow += v * (histogram[v] ?? 0);
    const meanBelow = sumBelow / countBelow;
    const meanAbove = (sumAll - sumBelow) / countAbove;
    const between = countBelow * countAbove * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = v + 1;
    }
  }
  return threshold;
}

/**
 * Stretches the grey levels so the darkest ink is black and the paper white (levels at the 0.5th
 * and 90th percentiles; most of a receipt is paper). Tesseract binarises on its own, but
 * low-contrast ink on grey paper leaves it a narrow band to split.
 */
export function stretchContrast(image: GreyImage): GreyImage {
  const histogram = new Uint32Array(256);
  for (const v of image.data) histogram[v] = (histogram[v] ?? 0) + 1;
  const level = (fraction: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v] ?? 0;
      if (seen >= fraction * image.data.length) return v;
    }
    return 255;
  };
  const low = level(0.005);
  const high = level(0.9);
  if (high - low < 16 || (low <= 5 && high >= 250)) return image;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    lut[v] = Math.max(0, Math.min(255, Math.round(((v - low) * 255) / (high - low))));
  return { ...image, data: image.data.map((v) => lut[v] ?? v) };
}

/**
 * A grey PNG of the image, every row unfiltered (PNG filter type 0). The bytes only carry the
 * pixels from the clean-up to the engines in this process (which take the pixels back,
 * field-crop.ts) and the value boxes to tesseract: pngjs's default picks each row's best filter
 * by trying all five, ~14 of a page's ~19 ms, for 15% fewer bytes (bench/README.md, 2026-12-04
 * night). Lossless either way: the same pixels.
 */
export function encodeGreyPng(image: GreyImage): Buffer {
  const png = new PNG({
    width: image.width,
    height: image.height,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, filterType: 0 });
}
