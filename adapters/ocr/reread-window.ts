import type { DecodedChar, DecodedLine } from './paddle-pipeline';

/**
 * The float re-read of a window of a line (adapters/ocr/paddle-engine.ts): when the int8 model is
 * unsure of some characters of a wide line, only the stretch of the line around them is read again
 * by the float model, and its reading spliced in place of the int8 model's for that stretch.
 *
 * Where a character is on the line: the recognition model reads a line `inputWidth` columns wide
 * (at RECOGNITION_HEIGHT) into `steps` output steps, so a step covers inputWidth / steps columns
 * (8 for PP-OCRv4); a character is placed at the centre of the step it was first read at.
 *
 * The window runs from WINDOW_CONTEXT sure characters before the first unsure one to
 * WINDOW_CONTEXT sure characters after the last (or the line's end), each edge cut at the lightest
 * column between that sure character and the one outside the window. The sure characters inside
 * the window are anchors: the float reading of the window must begin and end with them exactly,
 * else (a character cut at the edge, one read twice or lost) the splice is refused and the whole
 * line read again, as without windows. A window wider than WINDOW_MAX_SHARE of the line is not
 * cut: the whole line is read.
 */

/** Sure characters kept inside the window on each side of the unsure ones, as anchors. */
export const WINDOW_CONTEXT = 2;
/** And at least this many columns (at the recognition height, 48) of them each side. */
export const WINDOW_CONTEXT_PX = 144;
/** A window wider than this share of its line: the whole line is read again instead. */
export const WINDOW_MAX_SHARE = 0.6;
/** Columns of the cut column repeated on each side of the window (the paper margin a box has). */
export const WINDOW_PAD = 8;

export interface LinePixels {
  width: number;
  pixels: Uint8Array;
}

export interface RereadWindow {
  /** The int8 characters [first, end) are replaced by the window's reading. */
  first: number;
  end: number;
  /** The int8 characters the window's reading must begin and end with. */
  before: DecodedChar[];
  after: DecodedChar[];
  /** The window's columns [x0, x1) of the line image, padded. */
  x0: number;
  x1: number;
  image: LinePixels;
}

/** The darkest pixel of each column's lightness, the lightest column of [from, to] (nearest the middle on ties). */
function lightestColumn(image: LinePixels, from: number, to: number): number {
  const height = image.pixels.length / Math.max(1, image.width);
  const lo = Math.max(0, Math.min(image.width - 1, Math.round(from)));
  const hi = Math.max(lo, Math.min(image.width - 1, Math.round(to)));
  const middle = (lo + hi) / 2;
  let best = lo;
  let bestValue = -1;
  for (let x = lo; x <= hi; x++) {
    let darkest = 255;
    for (let y = 0; y < height; y++) darkest = Math.min(darkest, image.pixels[y * image.width + x] ?? 255);
    if (darkest > bestValue || (darkest === bestValue && Math.abs(x - middle) < Math.abs(best - middle))) {
      best = x;
      bestValue = darkest;
    }
  }
  return best;
}

/**
 * The window of `line` (as the int8 model read it from `image`, `inputWidth` columns wide in the
 * model's input) to read again around its characters less sure than `below`; undefined when the
 * whole line should be read again (no unsure character, or the window would be most of the line).
 */
export function rereadWindow(
  line: DecodedLine,
  image: LinePixels,
  inputWidth: number,
  below: number,
): RereadWindow | undefined {
  const chars = line.chars;
  const unsure = chars.flatMap((c, i) => (c.p < below ? [i] : []));
  const a = unsure[0];
  const b = unsure[unsure.length - 1];
  if (a === undefined || b === undefined || line.steps <= 0) return undefined;
  const perStep = inputWidth / line.steps;
  const centre = (i: number) => ((chars[i]?.step ?? 0) + 0.5) * perStep;
  let first = Math.max(0, a - WINDOW_CONTEXT);
  while (first > 0 && centre(a) - centre(first) < WINDOW_CONTEXT_PX) first--;
  let last = Math.min(chars.length - 1, b + WINDOW_CONTEXT);
  while (last < chars.length - 1 && centre(last) - centre(b) < WINDOW_CONTEXT_PX) last++;
  const x0 = first === 0 ? 0 : lightestColumn(image, centre(first - 1), centre(first));
  const x1 =
    last === chars.length - 1 ? image.width : lightestColumn(image, centre(last), centre(last + 1)) + 1;
  if (x1 - x0 > WINDOW_MAX_SHARE * image.width) return undefined;
  const height = image.pixels.length / Math.max(1, image.width);
  const width = x1 - x0 + 2 * WINDOW_PAD;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const from = Math.min(x1 - 1, Math.max(x0, x0 + x - WINDOW_PAD));
      pixels[y * width + x] = image.pixels[y * image.width + from] ?? 255;
    }
  return {
    first,
    end: last + 1,
    before: chars.slice(first, a),
    after: chars.slice(b + 1, last + 1),
    x0,
    x1,
    image: { width, pixels },
  };
}

/**
 * The int8 reading with the window's float reading spliced in, or undefined when the float
 * reading does not begin and end with the window's anchors (the whole line is read again then).
 * Confidence and least are over the spliced characters.
 */
export function spliceWindow(
  line: DecodedLine,
  window: RereadWindow,
  float: DecodedLine,
): { text: string; confidence: number; least: number } | undefined {
  const got = float.chars;
  if (got.length < window.before.length + window.after.length) return undefined;
  const same = (want: readonly DecodedChar[], at: number) =>
    want.every((c, i) => got[at + i]?.text === c.text);
  if (!same(window.before, 0) || !same(window.after, got.length - window.after.length)) return undefined;
  const chars = [...line.chars.slice(0, window.first), ...got, ...line.chars.slice(window.end)];
  if (chars.length === 0) return { text: '', confidence: 0, least: 0 };
  const sum = chars.reduce((s, c) => s + c.p, 0);
  return {
    text: chars.map((c) => c.text).join(''),
    confidence: sum / chars.length,
    least: Math.min(...chars.map((c) => c.p)),
  };
}
