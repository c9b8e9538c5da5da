import type { Box } from '../../domain/receipt-field-regions';
import type { GreyImage } from './grey-image';

/**
 * PaddleOCR's pre- and post-processing in plain JS on typed arrays, around the two ONNX models
 * (PP-OCRv4 detection and recognition, adapters/ocr/paddle-engine.ts runs them). It replaces
 * @gutenye/ocr-common's pipeline, which was measured to spend more time around the models than
 * in them (bench/README.md, "Receipt OCR", 2026-12-04 latency): it builds each model input in
 * JS arrays of numbers, copies the whole page into opencv-js for every text box it crops, and
 * runs recognition one box at a time. Here:
 *
 * - detection sees the page scaled down to at most DETECTION_MAX_SIDE px on its longer side
 *   (PaddleOCR's own default limit, 960), padded with paper to a multiple of 32;
 * - a text box is a connected region of the probability map above the threshold, grown as
 *   PaddleOCR's "unclip" grows it (by area × 1.5 / perimeter), axis-aligned: the page was
 *   straightened before (deskew.ts);
 * - each box is cut from the full-resolution page (not the scaled copy), scaled to 48 px high,
 *   and the boxes are recognised in batches of similar width, padded with paper;
 * - the recognition's per-step class probabilities are decoded as CTC (repeats and blanks
 *   dropped); a line's confidence is the mean probability of its characters.
 *
 * Pixel values go in as grey / 255 on all three channels, without mean/std normalisation, as
 * the package fed them (its accuracy was measured so).
 */

export const DETECTION_MAX_SIDE = 960;
/** A map value above this is text (the package's threshold; PaddleOCR's own is 0.3). */
export const DETECTION_THRESHOLD = 0.03;
const UNCLIP_RATIO = 1.5;
const MIN_SIDE = 3;
export const RECOGNITION_HEIGHT = 48;
/** Lines whose mean character probability is below this are dropped (as the package did). */
export const MIN_LINE_CONFIDENCE = 0.5;

export interface ModelInput {
  data: Float32Array;
  dims: [number, number, number, number];
}

/** Bilinear sample of a grey image at (x, y) in pixel-centre coordinates, paper outside. */
function sample(page: GreyImage, x: number, y: number): number {
  const { width, height, data } = page;
  const fx = Math.min(width - 1, Math.max(0, x));
  const fy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const wx = fx - x0;
  const wy = fy - y0;
  const a = data[y0 * width + x0] ?? 255;
  const b = data[y0 * width + x1] ?? 255;
  const c = data[y1 * width + x0] ?? 255;
  const d = data[y1 * width + x1] ?? 255;
  return (a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy;
}

/**
 * A region of the page resampled to `width` × `height`: box-averaged when shrinking by 2× or
 * more (bilinear alone aliases thin strokes), bilinear otherwise.
 */
export function resampleRegion(page: GreyImage, box: Box, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const sx = (box.x1 - box.x0) / width;
  const sy = (box.y1 - box.y0) / height;
  const nx = Math.max(1, Math.floor(sx));
  const ny = Math.max(1, Math.floor(sy));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (nx === 1 && ny === 1) {
        out[y * width + x] = sample(page, box.x0 + (x + 0.5) * sx - 0.5, box.y0 + (y + 0.5) * sy - 0.5);
        continue;
      }
      // The centres of an nx × ny grid of bilinear samples inside the output pixel's footprint.
      let sum = 0;
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++)
          sum += sample(
            page,
            box.x0 + x * sx + ((i + 0.5) * sx) / nx - 0.5,
            box.y0 + y * sy + ((j + 0.5) * sy) / ny - 0.5,
          );
      out[y * width + x] = sum / (nx * ny);
    }
  }
  return out;
}

/** The detection model's input: the page scaled to fit `maxSide`, padded with paper to multiples of 32. */
export function detectionInput(
  page: GreyImage,
  maxSide = DETECTION_MAX_SIDE,
): { input: ModelInput; scale: number } {
  const scale = Math.min(1, maxSide / Math.max(page.width, page.height));
  const w = Math.max(1, Math.round(page.width * scale));
  const h = Math.max(1, Math.round(page.height * scale));
  const W = Math.max(32, Math.ceil(w / 32) * 32);
  const H = Math.max(32, Math.ceil(h / 32) * 32);
  const pixels =
    scale === 1 ? page.data : resampleRegion(page, { x0: 0, y0: 0, x1: page.width, y1: page.height }, w, h);
  const plane = W * H;
  const data = new Float32Array(3 * plane).fill(1);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = (pixels[y * w + x] ?? 255) / 255;
      const o = y * W + x;
      data[o] = v;
      data[plane + o] = v;
      data[2 * plane + o] = v;
    }
  // The page's real scale both ways (rounding makes them differ by a hair).
  return { input: { data, dims: [1, 3, H, W] }, scale: w / page.width };
}

/**
 * The text boxes of a detection map (`width` × `height` probabilities), in map pixels: each
 * 8-connected region above the threshold, its bounding box grown by area × 1.5 / perimeter,
 * regions thinner than 3 px (before growing) or 5 px (after) dropped.
 */
export function textBoxes(
  map: Float32Array,
  width: number,
  height: number,
  threshold = DETECTION_THRESHOLD,
): Box[] {
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const boxes: Box[] = [];
  let next = 0;
  for (let start = 0; start < map.length; start++) {
    if (labels[start] !== 0 || (map[start] ?? 0) <= threshold) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    labels[start] = next;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      const px = p % width;
      const py = (p - px) / width;
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
      for (let dy = -1; dy <= 1; dy++) {
        const qy = py + dy;
        if (qy < 0 || qy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const qx = px + dx;
          if (qx < 0 || qx >= width) continue;
          const q = qy * width + qx;
          if (labels[q] === 0 && (map[q] ?? 0) > threshold) {
            labels[q] = next;
            stack[top++] = q;
          }
        }
      }
    }
    // Side lengths between pixel centres, as a contour's minimum-area rectangle measures them.
    const w = x1 - x0;
    const h = y1 - y0;
    if (Math.min(w, h) < MIN_SIDE) continue;
    const grow = (w * h * UNCLIP_RATIO) / (2 * (w + h));
    if (Math.min(w, h) + 2 * grow < MIN_SIDE + 2) continue;
    boxes.push({ x0: x0 - grow, y0: y0 - grow, x1: x1 + grow, y1: y1 + grow });
  }
  return boxes;
}

/** Boxes from map pixels to page pixels, clipped to the page; too-thin ones dropped; top to bottom. */
export function boxesOnPage(
  boxes: readonly Box[],
  scale: number,
  page: { width: number; height: number },
): Box[] {
  return boxes
    .map((b) => ({
      x0: Math.max(0, Math.round(b.x0 / scale)),
      y0: Math.max(0, Math.round(b.y0 / scale)),
      x1: Math.min(page.width, Math.round(b.x1 / scale)),
      y1: Math.min(page.height, Math.round(b.y1 / scale)),
    }))
    .filter((b) => b.x1 - b.x0 > 3 && b.y1 - b.y0 > 3)
    .sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/** A box cut from the page and scaled to the recognition height (aspect kept). */
export function lineImage(page: GreyImage, box: Box): { width: number; pixels: Uint8Array } {
  const h = RECOGNITION_HEIGHT;
  const width = Math.max(1, Math.round(((box.x1 - box.x0) * h) / Math.max(1, box.y1 - box.y0)));
  return { width, pixels: resampleRegion(page, box, width, h) };
}

/**
 * Line images in batches for the recognition model: sorted by width so a batch pads little,
 * each padded with paper to its widest line. Returns the batches and, per batch, which line
 * (index into `lines`) each row is.
 */
export function recognitionBatches(
  lines: readonly { width: number; pixels: Uint8Array }[],
  batchSize: number,
): { input: ModelInput; indexes: number[] }[] {
  const order = lines.map((_, i) => i).sort((a, b) => (lines[a]?.width ?? 0) - (lines[b]?.width ?? 0));
  const out: { input: ModelInput; indexes: number[] }[] = [];
  const h = RECOGNITION_HEIGHT;
  for (let start = 0; start < order.length; start += batchSize) {
    const indexes = order.slice(start, start + batchSize);
    const W = Math.max(...indexes.map((i) => lines[i]?.width ?? 1));
    const plane = h * W;
    const data = new Float32Array(indexes.length * 3 * plane).fill(1);
    indexes.forEach((lineIndex, n) => {
      const line = lines[lineIndex];
      if (!line) return;
      const base = n * 3 * plane;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < line.width; x++) {
          const v = (line.pixels[y * line.width + x] ?? 255) / 255;
          const o = base + y * W + x;
          data[o] = v;
          data[o + plane] = v;
          data[o + 2 * plane] = v;
        }
    });
    out.push({ input: { data, dims: [indexes.length, 3, h, W] }, indexes });
  }
  return out;
}

/**
 * A decoded character: its text, its probability, the output step it was first read at, and what
 * the model found next likeliest at that step (`runnerUp`: a character, or '' for nothing, CTC's
 * blank): what it hesitated over when it was unsure.
 */
export interface DecodedChar {
  text: string;
  p: number;
  step: number;
  runnerUp: string;
}

export interface DecodedLine {
  text: string;
  confidence: number;
  least: number;
  /** The characters, in order (their texts joined are `text`). */
  chars: DecodedChar[];
  /** The model's output steps for the line (input width / steps = input columns a step). */
  steps: number;
}

/**
 * Per step of each line, the two likeliest classes and their probabilities, [lines, steps, 2]
 * each: what the recognition model gives once rewritten (adapters/ocr/onnx-top-two.ts), or
 * `topTwoOf` a full probability output.
 */
export interface TopTwo {
  values: Float32Array;
  /** Class indexes (int64 from onnxruntime). */
  classes: ArrayLike<number | bigint>;
  dims: readonly number[];
}

/** The two likeliest classes of each step of a full probability output ([lines, steps, classes]). */
export function topTwoOf(output: Float32Array, dims: readonly number[]): TopTwo {
  const [n = 0, steps = 0, classes = 0] = dims;
  const values = new Float32Array(n * steps * 2);
  const indexes = new Int32Array(n * steps * 2);
  for (let s = 0; s < n * steps; s++) {
    const base = s * classes;
    let best = 0;
    let bestP = -Infinity;
    let second = 0;
    let secondP = -Infinity;
    for (let k = 0; k < classes; k++) {
      const p = output[base + k] ?? 0;
      // Most classes are below the runner-up: one comparison for them.
      if (p <= secondP) continue;
      if (p > bestP) {
        second = best;
        secondP = bestP;
        best = k;
        bestP = p;
      } else {
        second = k;
        secondP = p;
      }
    }
    values[2 * s] = bestP;
    values[2 * s + 1] = secondP;
    indexes[2 * s] = best;
    indexes[2 * s + 1] = second;
  }
  return { values, classes: indexes, dims: [n, steps, 2] };
}

/**
 * CTC greedy decoding of the recognition output (per step its two likeliest classes, TopTwo):
 * per step the likeliest class; blanks (class 0) and repeats dropped; class k is
 * `dictionary[k - 1]`. `confidence` is the mean probability of the line's characters, `least`
 * the lowest (0 for a line with none); each character keeps the step's second likeliest class
 * as its `runnerUp`.
 */
export function decodeLines(top: TopTwo, dictionary: readonly string[]): DecodedLine[] {
  const [n = 0, steps = 0] = top.dims;
  const out: DecodedLine[] = [];
  for (let line = 0; line < n; line++) {
    let text = '';
    let sum = 0;
    let least = 1;
    let count = 0;
    let previous = -1;
    const chars: DecodedChar[] = [];
    for (let t = 0; t < steps; t++) {
      const at = 2 * (line * steps + t);
      const best = Number(top.classes[at] ?? 0);
      const bestP = top.values[at] ?? 0;
      if (best !== 0 && best !== previous) {
        const char = dictionary[best - 1] ?? '';
        const second = Number(top.classes[at + 1] ?? 0);
        text += char;
        chars.push({
          text: char,
          p: bestP,
          step: t,
          runnerUp: second === 0 ? '' : (dictionary[second - 1] ?? ''),
        });
        sum += bestP;
        least = Math.min(least, bestP);
        count++;
      }
      previous = best;
    }
    out.push({ text, confidence: count > 0 ? sum / count : 0, least: count > 0 ? least : 0, chars, steps });
  }
  return out;
}
