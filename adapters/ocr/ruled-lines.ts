import type { GreyImage } from './grey-image';

/**
 * Removes the form's ruled lines and boxes (and graphics) so tesseract reads text, not boxes. A connected
 * blob of ink wider or taller than any character (the grid's rules and cell borders join into
 * such blobs) is a line of the form. Blob-based rather than run-based: a rule tilted by half a
 * degree (a photo, a keystoned scan) is broken into short straight runs that a run-length test
 * misses, but it is still one blob. A character touching a rule goes with it; on the forms we
 * read, text sits inside its cell with a margin.
 */

/** Longer than this (px) in either direction is not a character (24–30 px glyphs). */
function maxGlyphSpan(image: GreyImage): number {
  return Math.max(70, Math.round(Math.min(image.width, image.height) / 12));
}

/**
 * A rule is long and thin (a line, tilted or not), or a frame of them (a box: a large bounding
 * box with little ink in it). Blurred digits run together into one wide blob too, but a short,
 * dense one: "000804" at 1.2 px of blur is 80×22 px and half ink, and must stay.
 */
function isRule(w: number, h: number, ink: number, limit: number): boolean {
  return Math.max(w, h) / Math.min(w, h) >= 8 || ink / (w * h) < 0.2 || isGraphic(w, h, limit);
}

/**
 * Taller and wider than two characters: a QR code jsqr did not find, a stamp, a smudge. No
 * text blob is, and tesseract would read such a blob as rows of junk characters.
 */
function isGraphic(w: number, h: number, limit: number): boolean {
  return w > 2 * limit && h > 2 * limit;
}

export function removeRuledLines(image: GreyImage, threshold: number): GreyImage {
  const { width, height, data } = image;
  const label = new Int32Array(width * height).fill(-1);
  const stack = new Int32Array(width * height);
  const erase = new Uint8Array(width * height);
  const members: number[] = [];
  const limit = maxGlyphSpan(image);
  let next = 0;
  for (let start = 0; start < width * height; start++) {
    if ((data[start] ?? 255) >= threshold || (label[start] ?? 0) >= 0) continue;
    // Flood fill (8-connected) from this ink pixel, keeping the blob's bounding box.
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    members.length = 0;
    let x0 = width;
    let x1 = 0;
    let y0 = height;
    let y1 = 0;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      members.push(p);
      const px = p % width;
      const py = (p - px) / width;
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = py + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if ((label[q] ?? 0) < 0 && (data[q] ?? 255) < threshold) {
            label[q] = next;
            stack[top++] = q;
          }
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if ((w > limit || h > limit) && isRule(w, h, members.length, limit))
      for (const p of members) erase[p] = 1;
    next++;
  }
  // Whiten the erased ink and its 1-px rim (the anti-aliased edge would stay as a grey ghost line).
  const out = Uint8Array.from(data);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (!erase[y * width + x]) continue;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height) out[ny * width + nx] = 255;
        }
    }
  return { width, height, data: out };
}
