import { describe, expect, it } from 'vitest';
import { formatReceiptQr, parseReceiptQr } from '../../domain/receipt-qr';
import { InvalidInputError } from '../../domain/validation';

const qr = {
  hospitalCode: 'H33060200001',
  billBatchCode: '33060126',
  billNo: '0012345678',
  checkCode: 'a3f91c',
  issueDate: '2026-03-14',
  totalAmtFen: 2000000,
};

describe('receipt QR code', () => {
  it('round-trips the bill identity, check code, date and total', () => {
    const payload = formatReceiptQr(qr);
    expect(payload).toBe('CCEB1|H33060200001|33060126|0012345678|a3f91c|2026-03-14|2000000');
    expect(parseReceiptQr(payload)).toEqual(qr);
  });

  it('names the bad field of a code that reads but does not make sense', () => {
    try {
      parseReceiptQr('CCEB1|H33060200001|3306012|0012345678|a3f91c|2026-02-30|12.5');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual([
        'billBatchCode',
        'issueDate',
        'totalAmtFen',
      ]);
    }
  });

  it('refuses something that is not our code at all', () => {
    expect(() => parseReceiptQr('https://example.invalid/bill?id=1')).toThrow(InvalidInputError);
  });
});
