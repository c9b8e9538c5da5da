import type { GreyImage } from './grey-image';

/**
 * Deskew by projection profile. A receipt's text lines and ruled lines are horizontal; on a
 * page turned by θ, projecting the ink onto the y axis along lines of slope θ gives sharp peaks
 * (the rows) only at the right θ. The score is the sum of squared bin counts (peaky beats flat).
 * Tesseract's own line finder copes with a degree or so; at 3° a 1000-px row drifts 50 px, more
 * than the 46-px row height of the ruled layout, so rows merge and whole fields are lost.
 */

const MAX_DEGREES = 5;

/** Ink pixels, sampled every `step` px, as (x, y) pairs around the image centre. */
function inkSample(image: GreyImage, threshold: number, step: number): Float64Array {
  const { width, height, data } = image;
  const points: number[] = [];
  for (let y = 0; y < height; y += step)
    for (let x = 0; x < width; x += step)
      if ((data[y * width + x] ?? 255) < threshold) points.push(x - width / 2, y - height / 2);
  return Float64Array.from(points);
}

function profileScore(points: Float64Array, radians: number, bins: Float64Array, binSize: number): number {
  bins.fill(0);
  const sin = Math.sin(radians);
  const cos = Math.cos(radians);
  const offset = bins.length / 2;
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i] ?? 0;
    const y = points[i + 1] ?? 0;
    const b = Math.floor((y * cos - x * sin) / binSize + offset);
    if (b >= 0 && b < bins.length) bins[b] = (bins[b] ?? 0) + 1;
  }
  let score = 0;
  for (const c of bins) score += c * c;
  return score;
}

/**
 * The page's skew in degrees (positive: text rises to the right in image coordinates, i.e.
 * rotate by −skew to straighten it). Coarse search every 0.25°, then every 0.05° around the best.
 */
export function estimateSkewDegrees(image: GreyImage, threshold: number): number {
  const step = image.width * image.height > 1_500_000 ? 3 : 2;
  const points = inkSample(image, threshold, step);
  if (points.length < 200) return 0;
  const diagonal = Math.hypot(image.width, image.height);
  const binSize = 2;
  const bins = new Float64Array(Math.ceil(diagonal / binSize) + 2);
  const search = (from: number, to: number, by: number): number => {
    let best = 0;
    let bestScore = -1;
    for (let d = from; d <= to + 1e-9; d += by) {
      const score = profileScore(points, (d * Math.PI) / 180, bins, binSize);
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
    }
    return best;
  };
  const coarse = search(-MAX_DEGREES, MAX_DEGREES, 0.25);
  return search(coarse - 0.25, coarse + 0.25, 0.05);
}

/** Rotates by `degrees` about the centre (bilinear), same size, new area white. */
export function rotate(image: GreyImage, degrees: number): GreyImage {
  const { width, height, data } = image;
  const radians = (degrees * Math.PI) / 180;
  const sin = Math.sin(radians);
  const cos = Math.cos(radians);
  const cx = width / 2;
  const cy = height / 2;
  const out = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      // Inverse mapping: where in the source this output pixel comes from.
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const top = (data[i] ?? 255) * (1 - fx) + (data[i + 1] ?? 255) * fx;
      const bottom = (data[i + width] ?? 255) * (1 - fx) + (data[i + width + 1] ?? 255) * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { width, height, data: out };
}

/** Straightens the page when it is turned by more than a quarter of a degree. */
export function deskew(image: GreyImage, threshold: number): { image: GreyImage; degrees: number } {
  const degrees = estimateSkewDegrees(image, threshold);
  if (Math.abs(degrees) < 0.25) return { image, degrees: 0 };
  return { image: rotate(image, degrees), degrees };
}
