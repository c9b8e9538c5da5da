import { describe, expect, it } from 'vitest';
import {
  boxesOnPage,
  decodeLines,
  topTwoOf,
  detectionInput,
  lineImage,
  recognitionBatches,
  resampleRegion,
  textBoxes,
} from '../../../adapters/ocr/paddle-pipeline';
import type { GreyImage } from '../../../adapters/ocr/grey-image';

const page = (width: number, height: number, ink: (x: number, y: number) => boolean): GreyImage => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = ink(x, y) ? 0 : 255;
  return { width, height, data };
};

describe('PaddleOCR detection input', () => {
  it('scales a page down to the longest side allowed and pads it with paper to multiples of 32', () => {
    const { input, scale } = detectionInput(
      page(1920, 1000, () => false),
      960,
    );
    expect(scale).toBeCloseTo(0.5, 3);
    expect(input.dims).toEqual([1, 3, 512, 960]);
    expect(input.data.length).toBe(3 * 512 * 960);
    // Paper everywhere, the padding (rows 500–511) included; values are grey / 255.
    expect(input.data.every((v) => v === 1)).toBe(true);
  });

  it('never scales a page up, and puts ink in all three channels', () => {
    const { input, scale } = detectionInput(
      page(100, 40, (x, y) => x === 3 && y === 2),
      960,
    );
    expect(scale).toBe(1);
    expect(input.dims).toEqual([1, 3, 64, 128]);
    const plane = 64 * 128;
    for (const c of [0, 1, 2]) expect(input.data[c * plane + 2 * 128 + 3]).toBe(0);
    expect(input.data[2 * 128 + 4]).toBe(1);
  });

  it('averages the pixels it shrinks over (a 1-px line survives a 4× shrink as grey, not dropped)', () => {
    const lined = page(40, 8, (_, y) => y === 1);
    const small = resampleRegion(lined, { x0: 0, y0: 0, x1: 40, y1: 8 }, 10, 2);
    expect(small[0]).toBeGreaterThan(100);
    expect(small[0]).toBeLessThan(255);
    expect(small[10]).toBe(255);
  });
});

describe('PaddleOCR text boxes from the probability map', () => {
  it('finds each connected region above the threshold, grown by area × 1.5 / perimeter', () => {
    const w = 60;
    const h = 30;
    const map = new Float32Array(w * h);
    // A 21 × 5 line (20 × 4 between pixel centres) and a separate 11 × 11 blob.
    for (let y = 5; y <= 9; y++) for (let x = 2; x <= 22; x++) map[y * w + x] = 0.9;
    for (let y = 10; y <= 20; y++) for (let x = 40; x <= 50; x++) map[y * w + x] = 0.5;
    const boxes = textBoxes(map, w, h);
    expect(boxes).toHaveLength(2);
    const grow = (20 * 4 * 1.5) / (2 * 24);
    expect(boxes[0]).toEqual({ x0: 2 - grow, y0: 5 - grow, x1: 22 + grow, y1: 9 + grow });
    expect(boxes[1]?.x0).toBeLessThan(40);
  });

  it('drops regions thinner than 3 px and values at or below the threshold', () => {
    const w = 40;
    const h = 10;
    const map = new Float32Array(w * h);
    for (let x = 0; x < 30; x++) map[2 * w + x] = 0.9; // 1 px high
    for (let x = 0; x < 30; x++) for (let y = 5; y <= 9; y++) map[y * w + x] = 0.03; // at the threshold
    expect(textBoxes(map, w, h)).toEqual([]);
  });

  it('maps boxes back to page pixels, clipped to the page, top to bottom', () => {
    const boxes = boxesOnPage(
      [
        { x0: 10, y0: 20, x1: 30, y1: 28 },
        { x0: -3, y0: 2, x1: 600, y1: 9 },
      ],
      0.5,
      { width: 1000, height: 100 },
    );
    expect(boxes).toEqual([
      { x0: 0, y0: 4, x1: 1000, y1: 18 },
      { x0: 20, y0: 40, x1: 60, y1: 56 },
    ]);
  });
});

describe('PaddleOCR recognition input and decoding', () => {
  it('cuts a box to 48 px high, aspect kept, from the full-resolution page', () => {
    const line = lineImage(
      page(200, 100, () => false),
      { x0: 10, y0: 10, x1: 110, y1: 34 },
    );
    expect(line.width).toBe(200);
    expect(line.pixels.length).toBe(200 * 48);
  });

  it('batches lines of similar width, padded with paper, and says which line each row is', () => {
    const line = (width: number) => ({ width, pixels: new Uint8Array(width * 48) });
    const batches = recognitionBatches([line(100), line(30), line(60)], 2);
    expect(batches.map((b) => b.indexes)).toEqual([[1, 2], [0]]);
    expect(batches[0]?.input.dims).toEqual([2, 3, 48, 60]);
    // Line 1 (30 px) is ink up to x = 29, paper after.
    expect(batches[0]?.input.data[29]).toBe(0);
    expect(batches[0]?.input.data[30]).toBe(1);
  });

  it('decodes CTC: the likeliest class a step, blanks and repeats dropped, the mean probability of the characters', () => {
    const dictionary = ['患', '者', '0'];
    const classes = 4;
    // Steps: 患 患 blank 者 者 0 blank 0 → 患者00.
    const steps = [1, 1, 0, 2, 2, 3, 0, 3];
    const output = new Float32Array(steps.length * classes).fill(0.01);
    steps.forEach((k, t) => (output[t * classes + k] = k === 2 ? 0.6 : 0.9));
    const [read] = decodeLines(topTwoOf(output, [1, steps.length, classes]), dictionary);
    expect(read?.text).toBe('患者00');
    expect(read?.confidence).toBeCloseTo((0.9 + 0.6 + 0.9 + 0.9) / 4, 5);
    expect(read?.least).toBeCloseTo(0.6, 5);
  });

  it('keeps what the model found next likeliest at each character (a character, or nothing for the blank)', () => {
    const dictionary = ['（', '(', '者'];
    const classes = 4;
    const output = new Float32Array(3 * classes).fill(0.01);
    // Step 0: （ 0.55, ( 0.4. Step 1: 者 0.6, blank 0.35. Step 2: blank.
    output.set([0.04, 0.55, 0.4, 0.01], 0);
    output.set([0.35, 0.02, 0.03, 0.6], classes);
    output.set([0.9, 0.05, 0.03, 0.02], 2 * classes);
    const [read] = decodeLines(topTwoOf(output, [1, 3, classes]), dictionary);
    expect(read?.chars.map((c) => [c.text, c.runnerUp])).toEqual([
      ['（', '('],
      ['者', ''],
    ]);
  });

  it('gives a line with no characters a least probability of 0 (so it is never taken as sure)', () => {
    const output = new Float32Array(3 * 2).fill(0.1);
    [0, 2, 4].forEach((i) => (output[i] = 0.95));
    const [read] = decodeLines(topTwoOf(output, [1, 3, 2]), ['a']);
    expect(read).toEqual({ text: '', confidence: 0, least: 0, chars: [], steps: 3 });
  });
});
