import { describe, expect, it } from 'vitest';
import { fieldReadParameters } from '../../../adapters/ocr/tesseract-engine';
import { REREAD_CHARACTERS } from '../../../domain/receipt-reread';

describe('fieldReadParameters (a value box read by tesseract)', () => {
  it('reads one line of the field’s characters, without the inverted second pass by default', () => {
    expect(fieldReadParameters('checkCode', true, false)).toEqual({
      tessedit_pageseg_mode: '7',
      tessedit_char_whitelist: REREAD_CHARACTERS.checkCode,
      tessedit_do_invert: '0',
    });
  });

  it('leaves tesseract’s own inverted pass on when asked, and the set off when unconstrained', () => {
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
