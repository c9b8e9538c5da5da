import type { OcrBox } from './receipt-text';

/**
 * Where each field's value sits on the page: the box of the characters the first OCR pass took
 * for the value (receipt-text.ts), or of the cell after (or under) the field's label when nothing
 * there parsed. The engine reads these boxes a second time, cropped, enlarged and with only the
 * characters the field can hold (receipt-reread.ts).
 */

export type Box = OcrBox;

export type RereadField =
  | 'billBatchCode'
  | 'billNo'
  | 'checkCode'
  | 'issueDate'
  | 'hospitalName'
  | 'payerName'
  | 'totalFigures'
  | 'totalWords';

export interface FieldRegion {
  field: RereadField;
  box: Box;
}
