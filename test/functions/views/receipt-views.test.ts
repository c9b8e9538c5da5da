import { describe, expect, it } from 'vitest';
import type { StoredReceipt } from '../../../domain/stored-receipt';
import { receiptView } from '../../../functions/views/receipt-views';
import type { ReceiptReading } from '../../../domain/receipt-reading';
import { receiptFixture } from '../../support/receipt-fixtures';

const fixture = receiptFixture('national-clean-1');
const bill = fixture.ebill;
const read = <T>(value: T, confidence = 0.99) => ({ value, confidence });

function reading(changes: Partial<ReceiptReading> = {}): ReceiptReading {
  return {
    billBatchCode: read(bill.billBatchCode),
    billNo: read(bill.billNo),
    checkCode: read(bill.checkCode),
    issueDate: read(bill.issueDate),
    hospitalName: read(bill.hospital.name),
    payerName: read(bill.payer.name),
    totalAmtFen: read(bill.totalAmtFen),
    items: [],
    source: 'tesseract',
    ...changes,
  };
}

describe('receipt view: what a clerk compares with the image', () => {
  it('puts the e-bill’s value beside each field read and marks the fields the reconciliation found different', () => {
    const receipt: StoredReceipt = {
      receiptId: 'R1',
      imageId: 'img-1',
      reading: reading({ totalAmtFen: read(bill.totalAmtFen + 100) }),
      outcome: {
        kind: 'mismatch',
        detail: `totalAmtFen: receipt ${bill.totalAmtFen + 100}, e-bill ${bill.totalAmtFen}`,
        differences: [
          { field: 'totalAmtFen', kind: 'amount', receipt: bill.totalAmtFen + 100, ebill: bill.totalAmtFen },
        ],
      },
    };
    const view = receiptView(receipt, [bill], 'staff');
    expect(view).toMatchObject({
      receiptId: 'R1',
      hasImage: true,
      source: 'tesseract',
      outcome: { kind: 'mismatch' },
    });
    expect(view.fields.find((f) => f.field === 'totalAmtFen')).toEqual({
      field: 'totalAmtFen',
      value: bill.totalAmtFen + 100,
      confidence: 0.99,
      ebill: bill.totalAmtFen,
      flagged: 'differs',
    });
    expect(view.fields.filter((f) => f.flagged).map((f) => f.field)).toEqual(['totalAmtFen']);
    expect(view.fields.find((f) => f.field === 'payerName')?.ebill).toBe(bill.payer.name);
  });

  it('marks fields read without confidence, and masks the e-bill’s payer name for a citizen', () => {
    const receipt: StoredReceipt = {
      receiptId: 'R2',
      imageId: 'img-2',
      reading: reading({ checkCode: read(bill.checkCode, 0.41) }),
      outcome: {
        kind: 'low_confidence',
        detail: 'low confidence: checkCode (0.41)',
        fields: [{ field: 'checkCode', confidence: 0.41 }],
      },
    };
    const view = receiptView(receipt, [bill], 'citizen');
    expect(view.fields.find((f) => f.field === 'checkCode')).toMatchObject({
      confidence: 0.41,
      flagged: 'low_confidence',
    });
    expect(view.fields.find((f) => f.field === 'payerName')?.ebill).not.toBe(bill.payer.name);
  });

  it('shows a receipt not read yet, or whose e-bill is not with the claim, without e-bill values', () => {
    expect(receiptView({ receiptId: 'R3', imageId: 'x' }, [], 'staff')).toEqual({
      receiptId: 'R3',
      imageId: 'x',
      hasImage: true,
      fields: [],
      items: [],
    });
    const view = receiptView({ receiptId: 'R4', reading: reading() }, [], 'staff');
    expect(view.hasImage).toBe(false);
    expect(view.fields.every((f) => f.ebill === undefined)).toBe(true);
  });
});
