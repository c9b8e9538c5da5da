import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GreyImage } from '../../../adapters/ocr/grey-image';
import { fieldReadParameters, TesseractEngine } from '../../../adapters/ocr/tesseract-engine';
import { REREAD_CHARACTERS } from '../../../domain/receipt-reread';

describe('fieldReadParameters (a value box read by tesseract)', () => {
  it('reads one line of the field’s characters, without the inverted second pass when asked', () => {
    expect(fieldReadParameters('checkCode', true, false)).toEqual({
      tessedit_pageseg_mode: '7',
      tessedit_char_whitelist: REREAD_CHARACTERS.checkCode,
      tessedit_do_invert: '0',
    });
  });

  it('leaves tesseract’s own inverted pass on otherwise, and the set off when unconstrained', () => {
    expect(fieldReadParameters('billNo', true, true)).toEqual({
      tessedit_pageseg_mode: '7',
      tessedit_char_whitelist: REREAD_CHARACTERS.billNo,
    });
    expect(fieldReadParameters('payerName', true, false)).toEqual({
      tessedit_pageseg_mode: '7',
      tessedit_do_invert: '0',
    });
    expect(fieldReadParameters('totalWords', false, true)).toEqual({ tessedit_pageseg_mode: '7' });
  });
});

describe('TesseractEngine.readRegions (the cascade’s cross-read)', () => {
  afterEach(() => vi.restoreAllMocks());
  const page: GreyImage = { width: 120, height: 40, data: new Uint8Array(120 * 40).fill(255) };
  const regions = [
    { field: 'billNo' as const, box: { x0: 10, y0: 5, x1: 100, y1: 30 } },
    { field: 'payerName' as const, box: { x0: 0, y0: 0, x1: 60, y1: 20 } },
  ];
  const optionsPassed = async (engine: TesseractEngine) => {
    const seen: Record<string, string>[] = [];
    // The worker is never started: recognition itself is replaced.
    const proto = TesseractEngine.prototype as unknown as {
      recognize: (image: Buffer, options: Record<string, string>) => Promise<{ blocks: [] }>;
    };
    vi.spyOn(proto, 'recognize').mockImplementation(async (_image, options) => {
      seen.push(options);
      return { blocks: [] };
    });
    await engine.readRegions(page, regions);
    return seen;
  };

  it('reads each box without tesseract’s inverted pass by default', async () => {
    const seen = await optionsPassed(new TesseractEngine());
    expect(seen).toHaveLength(2);
    expect(seen.every((o) => o.tessedit_do_invert === '0')).toBe(true);
  });

  it('keeps the inverted pass with invertCrossReads', async () => {
    const seen = await optionsPassed(new TesseractEngine({ invertCrossReads: true }));
    expect(seen).toHaveLength(2);
    expect(seen.some((o) => 'tessedit_do_invert' in o)).toBe(false);
  });
});
