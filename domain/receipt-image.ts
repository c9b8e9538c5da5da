import { z } from 'zod';

/**
 * What an uploaded receipt image must be before anything stores or decodes it: a PNG or a
 * JPEG (sniffed from the bytes; the file name and the declared content type are not trusted),
 * within a size, within dimensions, and not a decompression bomb: the pixel count is read
 * from the header (PNG IHDR, JPEG SOFn) and refused before a single pixel is decoded.
 */

export type ReceiptImageType = 'image/png' | 'image/jpeg';

export const RECEIPT_IMAGE_LIMITS = {
  /** 4 MiB: a phone photo as JPEG; the base64 body stays under Lambda's 6 MB payload. */
  maxBytes: 4 * 1024 * 1024,
  /** Longest side in pixels. */
  maxSide: 8000,
  /** 24 megapixels: decoded as RGBA that is 96 MB, the most a reading step may hold. */
  maxPixels: 24_000_000,
  minSide: 100,
} as const;

export interface ReceiptImageInfo {
  contentType: ReceiptImageType;
  width: number;
  height: number;
  bytes: number;
}

export type ImageRefusal =
  | { code: 'not_an_image'; message: string }
  | { code: 'image_too_large'; message: string }
  | { code: 'image_too_many_pixels'; message: string }
  | { code: 'image_too_small'; message: string };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffImageType(bytes: Uint8Array): ReceiptImageType | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** Width and height from a PNG's IHDR chunk (always the first chunk). */
function pngSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Width and height from a JPEG's first start-of-frame marker (SOF0..SOF15 but DHT, JPG, DAC). */
function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    if (marker === 0xda || length < 2) return undefined; // scan data before any frame header
    at += 2 + length;
  }
  return undefined;
}

/** Checks an upload; the answer is either what the image is, or why it is refused. */
export function inspectReceiptImage(
  bytes: Uint8Array,
  limits: typeof RECEIPT_IMAGE_LIMITS = RECEIPT_IMAGE_LIMITS,
): { ok: true; image: ReceiptImageInfo } | { ok: false; refusal: ImageRefusal } {
  if (bytes.byteLength > limits.maxBytes) {
    return {
      ok: false,
      refusal: {
        code: 'image_too_large',
        message: `the image is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`,
      },
    };
  }
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    return {
      ok: false,
      refusal: {
        code: 'not_an_image',
        message: 'the upload is not a PNG or JPEG image (judged by its bytes)',
      },
    };
  }
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = contentType === 'image/png' ? pngSize(b) : jpegSize(b);
  if (!size || size.width === 0 || size.height === 0) {
    return {
      ok: false,
      refusal: { code: 'not_an_image', message: `the ${contentType} has no readable image header` },
    };
  }
  const pixels = size.width * size.height;
  if (size.width > limits.maxSide || size.height > limits.maxSide || pixels > limits.maxPixels) {
    return {
      ok: false,
      refusal: {
        code: 'image_too_many_pixels',
        message:
          `the image declares ${size.width}×${size.height} pixels; at most ${limits.maxSide} a side and ` +
          `${limits.maxPixels} in all are accepted (a small file declaring more is a decompression bomb)`,
      },
    };
  }
  if (size.width < limits.minSide || size.height < limits.minSide) {
    return {
      ok: false,
      refusal: {
        code: 'image_too_small',
        message: `the image is ${size.width}×${size.height} pixels; a readable receipt needs at least ${limits.minSide} a side`,
      },
    };
  }
  return { ok: true, image: { contentType, ...size, bytes: bytes.byteLength } };
}

/** `img-` + 24 hex digits: what a claim's `receipts[].imageId` names. */
export const ReceiptImageIdSchema = z
  .string()
  .regex(/^img-[0-9a-f]{24}$/, { error: 'must be an uploaded image id (img-…)' });

/** Where an image lives in the object store. */
export const receiptImageKey = (imageId: string): string => `receipt-images/${imageId}`;
