import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeGreyPng } from '../../../adapters/ocr/field-crop';
import { PaddleEngine } from '../../../adapters/ocr/paddle-engine';
import type { DecodedLine } from '../../../adapters/ocr/paddle-pipeline';
import { cleanForOcr, decodeImage } from '../../../adapters/ocr/receipt-image-pixels';
import {
  rereadWindow,
  spliceWindow,
  WINDOW_CONTEXT_PX,
  WINDOW_PAD,
} from '../../../adapters/ocr/reread-window';
import { normalizeLine } from '../../../domain/receipt-text';
import { HELD_OUT_LAYOUTS } from '../../../scripts/receipts/layouts';

/** A decoded line from (text, probability, step) triples. */
const line = (chars: [string, number, number][], steps: number): DecodedLine => ({
  text: chars.map((c) => c[0]).join(''),
  confidence: 0,
  least: Math.min(...chars.map((c) => c[1])),
  chars: chars.map(([text, p, step]) => ({ text, p, step, runnerUp: '' })),
  steps,
});

/** A 48-px-high line `width` wide, ink (0) in the given column ranges, paper (255) elsewhere. */
const image = (width: number, ink: [number, number][]) => {
  const pixels = new Uint8Array(width * 48).fill(255);
  for (let y = 0; y < 48; y++)
    for (const [a, b] of ink) for (let x = a; x < b; x++) pixels[y * width + x] = 0;
  return { width, pixels };
};

describe('the window of a line read again (rereadWindow, spliceWindow)', () => {
  // 30 characters 24 px apart (3 steps of 8 columns: 92 steps, 736 px), ink around each centre.
  const count = 30;
  const steps = 92;
  const width = 736;
  const at = (i: number) => 1 + 3 * i;
  const ink = Array.from({ length: count }, (_, i): [number, number] => [at(i) * 8 - 4, at(i) * 8 + 12]);
  const pixels = image(width, ink);
  const letters = 'abcdefghijklmnopqrstuvwxyzABCD';
  const chars = (unsure: number[]) =>
    line(
      Array.from({ length: count }, (_, i): [string, number, number] => [
        letters[i] ?? '',
        unsure.includes(i) ? 0.5 : 0.99,
        at(i),
      ]),
      steps,
    );
  // Character 15 unsure: 144 px of sure characters each side are 6 of them (9..14, 16..21).
  const anchors = WINDOW_CONTEXT_PX / 24;

  it('cuts at the paper between the anchors and the characters outside, 144 px of sure ones each side', () => {
    const window = rereadWindow(chars([15]), pixels, width, 0.8)!;
    expect(window.first).toBe(15 - anchors);
    expect(window.end).toBe(15 + anchors + 1);
    expect(window.before.map((c) => c.text).join('')).toBe(letters.slice(15 - anchors, 15));
    expect(window.after.map((c) => c.text).join('')).toBe(letters.slice(16, 16 + anchors));
    // The cuts are paper columns between the first anchor and the one before, the last and the one after.
    const paper = (x: number) => !ink.some(([a, b]) => x >= a && x < b);
    expect(paper(window.x0)).toBe(true);
    expect(paper(window.x1 - 1)).toBe(true);
    expect(window.x0).toBeGreaterThanOrEqual(ink[15 - anchors - 1]![1]);
    expect(window.x0).toBeLessThan(ink[15 - anchors]![0]);
    expect(window.x1).toBeGreaterThan(ink[15 + anchors]![1]);
    expect(window.x1).toBeLessThanOrEqual(ink[15 + anchors + 1]![0]);
    expect(window.image.width).toBe(window.x1 - window.x0 + 2 * WINDOW_PAD);
  });

  it('reads the whole line when the window would be most of it, or nothing is unsure', () => {
    expect(rereadWindow(chars([8, 22]), pixels, width, 0.8)).toBeUndefined();
    expect(rereadWindow(chars([]), pixels, width, 0.8)).toBeUndefined();
  });

  it("runs a window to the line's start when the unsure character is near it (no anchor before)", () => {
    const window = rereadWindow(chars([1]), pixels, width, 0.8)!;
    expect(window.first).toBe(0);
    expect(window.x0).toBe(0);
    expect(window.before.map((c) => c.text).join('')).toBe('a');
  });

  it('splices the float reading in when it keeps the anchors, and refuses it otherwise', () => {
    const int8 = chars([15]);
    const window = rereadWindow(int8, pixels, width, 0.8)!;
    const before = letters.slice(15 - anchors, 15);
    const after = letters.slice(16, 16 + anchors);
    const float = (text: string) =>
      line(
        [...text].map((c, i): [string, number, number] => [c, 0.9, i]),
        40,
      );
    const spliced = spliceWindow(int8, window, float(`${before}X${after}`))!;
    expect(spliced.text).toBe(`${letters.slice(0, 15)}X${letters.slice(16)}`);
    expect(spliced.least).toBeCloseTo(0.9, 5);
    const inWindow = 2 * anchors + 1;
    expect(spliced.confidence).toBeCloseTo((0.99 * (count - inWindow) + 0.9 * inWindow) / count, 5);
    // A character cut at the edge read, an anchor lost, an anchor read otherwise: refused.
    expect(spliceWindow(int8, window, float(`${letters[14 - anchors]}${before}X${after}`))).toBeUndefined();
    expect(spliceWindow(int8, window, float(`${before.slice(1)}X${after}`))).toBeUndefined();
    expect(spliceWindow(int8, window, float(`${before}X${after.slice(0, -1)}z`))).toBeUndefined();
  });
});

/**
 * On real pages: every line of the trained layouts' fixture pages read with windows gives the same
 * text as read with whole lines, as the extraction sees it (normalizeLine: NFKC, so `￥`/`¥` and
 * `（`/`(` are one; spaces between CJK characters dropped); the lines not byte-for-byte the same are
 * counted (printed). The lines not re-read are the same by construction. Pages: two
 * of each trained layout (clean and photo); REREAD_WINDOW_ALL=1 for all 8 of each.
 */
const dir = new URL('../../fixtures/receipts-layouts/', import.meta.url);
const all = process.env.REREAD_WINDOW_ALL === '1';
const pages = readdirSync(dir)
  .filter((f) => /\.(png|jpg)$/.test(f))
  .filter((f) => !HELD_OUT_LAYOUTS.some((layout) => f.startsWith(`${layout}-`)))
  .filter((f) => all || /-(clean-1|photo-8)\./.test(f))
  .sort();

describe('windows on the trained layouts (the same text as whole-line re-reads)', () => {
  const windowed = new PaddleEngine({ recognitionModel: 'int8', rereadWindows: true });
  const whole = new PaddleEngine({ recognitionModel: 'int8', rereadWindows: false });
  afterAll(async () => {
    await windowed.close();
  });

  it(`reads every line of ${pages.length} pages the same (normalised)`, async () => {
    const differ: string[] = [];
    let exact = 0;
    for (const file of pages) {
      const page = decodeGreyPng(cleanForOcr(decodeImage(readFileSync(new URL(file, dir))), undefined).png);
      const boxes = await windowed.detect(page);
      const a = await windowed.recognizeBoxes(page, boxes);
      const b = await whole.recognizeBoxes(page, boxes);
      const key = (l: { bbox?: unknown }) => JSON.stringify(l.bbox);
      const byBox = new Map(b.map((l) => [key(l), l.text]));
      for (const l of a) {
        const other = byBox.get(key(l)) ?? '';
        if (other !== l.text) exact++;
        if (normalizeLine(other) !== normalizeLine(l.text)) differ.push(`${file}: ${other} → ${l.text}`);
      }
      if (a.length !== b.length) differ.push(`${file}: ${b.length} → ${a.length} lines`);
    }
    process.stdout.write(
      `windows: ${windowed.stats.windows} spliced, ${windowed.stats.windowsRefused} refused, of ${windowed.stats.reread} lines re-read (${windowed.stats.lines} lines); ${exact} lines not byte-for-byte the same\n`,
    );
    expect(differ).toEqual([]);
    // The windows were used (else the comparison proves nothing).
    expect(windowed.stats.windows).toBeGreaterThan(0);
  }, 600_000);
});
