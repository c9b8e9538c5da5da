import { describe, expect, it } from 'vitest';
import { EBill, SignedEBill, ebillIdentity, ebillItemsToClaimItems } from '../../domain/ebill';
import { readJson } from '../support/fixtures';

const sample = (): Record<string, unknown> & { listDetail: Record<string, unknown>[] } =>
  readJson('test/fixtures/shared/ebills/sample-ebill.json') as Record<string, unknown> & {
    listDetail: Record<string, unknown>[];
  };

/** The dotted paths of the issues EBill finds in `value`. */
function issuePaths(value: unknown): string[] {
  const result = EBill.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('EBill: the shape of a hospital e-bill', () => {
  it('accepts the shared sample exactly as it is', () => {
    const bill = EBill.parse(sample());
    expect(bill.totalAmtFen).toBe(2000000);
    expect(bill.listDetail).toHaveLength(5);
    expect(bill.listDetail[3]?.selfPayFirstPct).toBe(10);
  });

  it('accepts the sample as a signed bill too, signature included', () => {
    const bill = SignedEBill.parse(sample());
    expect(bill.signature).toMatchObject({ alg: 'Ed25519', keyId: 'H33060200001-2026' });
  });

  it('yields the content without the signature when a signed bill is parsed as EBill', () => {
    expect(EBill.parse(sample())).not.toHaveProperty('signature');
  });

  it('takes an optional visit number and does without one', () => {
    expect(EBill.parse({ ...sample(), visitNo: 'ZY2026001234' }).visitNo).toBe('ZY2026001234');
    expect(EBill.parse(sample()).visitNo).toBeUndefined();
    expect(issuePaths({ ...sample(), visitNo: '' })).toEqual(['visitNo']);
  });

  it.each([
    ['billBatchCode', '3306012', 'billBatchCode'],
    ['billNo', '001234567X', 'billNo'],
    ['checkCode', 'a3f91g', 'checkCode'],
    ['issueDate', '2026-02-30', 'issueDate'],
    ['issueDate', '14/03/2026', 'issueDate'],
    ['totalAmtFen', 20000.5, 'totalAmtFen'],
    ['ownPayFen', -1, 'ownPayFen'],
    ['status', 'cancelled', 'status'],
    ['settledDirectly', 'no', 'settledDirectly'],
    ['reversalOf', { billBatchCode: '33060126' }, 'reversalOf.billNo'],
  ])('refuses %s = %j, pointing at %s', (field, value, path) => {
    expect(issuePaths({ ...sample(), [field]: value })).toContain(path);
  });

  it('refuses a hospital code that is not H and 11 digits, and a level outside 1–3', () => {
    const bill = sample();
    const hospital = bill.hospital as Record<string, unknown>;
    expect(issuePaths({ ...bill, hospital: { ...hospital, code: '33060200001' } })).toEqual([
      'hospital.code',
    ]);
    expect(issuePaths({ ...bill, hospital: { ...hospital, level: 4 } })).toEqual(['hospital.level']);
  });

  it('refuses a payer whose ID number is not masked', () => {
    const payer = { ...(sample().payer as object), idNumberMasked: '330402199001010011' };
    expect(issuePaths({ ...sample(), payer })).toEqual(['payer.idNumberMasked']);
  });

  it('refuses an item category other than 1, 2 or 3', () => {
    const bill = sample();
    bill.listDetail[0] = { ...bill.listDetail[0], medicalCareType: 4 };
    expect(issuePaths(bill)).toEqual(['listDetail.0.medicalCareType']);
  });

  it('refuses a self-pay-first share outside 0–100 or on an item that is not category B', () => {
    const outOfRange = sample();
    outOfRange.listDetail[3] = { ...outOfRange.listDetail[3], selfPayFirstPct: 101 };
    expect(issuePaths(outOfRange)).toEqual(['listDetail.3.selfPayFirstPct']);

    const onCategoryA = sample();
    onCategoryA.listDetail[0] = { ...onCategoryA.listDetail[0], selfPayFirstPct: 10 };
    expect(issuePaths(onCategoryA)).toEqual(['listDetail.0.selfPayFirstPct']);
  });

  it('refuses a total that is not the sum of the lines, pointing at totalAmtFen', () => {
    const bill = { ...sample(), totalAmtFen: 2000001, ownPayFen: 2000001 };
    expect(issuePaths(bill)).toEqual(['totalAmtFen']);
  });

  it('refuses a line whose amount is not qty × unit price, pointing at that line', () => {
    const bill = sample();
    bill.listDetail[0] = { ...bill.listDetail[0], qty: 4 }; // 4 × 36000 ≠ 180000
    expect(issuePaths(bill)).toEqual(['listDetail.0.amountFen']);
  });

  it('checks qty × unit price exactly for fractional quantities', () => {
    const line = { code: '120800002', name: '氧气吸入', medicalCareType: 1, qty: 2.5, unitPriceFen: 333 };
    const bill = (amountFen: number): unknown => ({
      ...sample(),
      totalAmtFen: amountFen,
      ownPayFen: amountFen,
      selfPayAmtFen: 0,
      listDetail: [{ ...line, amountFen }],
    });
    expect(issuePaths(bill(833))).toEqual(['listDetail.0.amountFen']); // 832.5 is not a whole fen
    expect(
      issuePaths({
        ...(bill(1665) as object),
        listDetail: [{ ...line, unitPriceFen: 666, amountFen: 1665 }],
      }),
    ).toEqual([]);
  });

  it('accepts a line without qty and unit price: only the amount is then checked', () => {
    const bill = sample();
    const { qty: _qty, unitPriceFen: _price, ...amountOnly } = bill.listDetail[2] as Record<string, unknown>;
    bill.listDetail[2] = amountOnly;
    expect(issuePaths(bill)).toEqual([]);
  });

  it('refuses payments (fund + account + own) that do not add up to the total', () => {
    expect(issuePaths({ ...sample(), fundPayFen: 100 })).toEqual(['ownPayFen']);
    expect(issuePaths({ ...sample(), fundPayFen: 1500000, ownPayFen: 500000 })).toEqual([]);
  });

  it('requires an admission on an inpatient bill, with discharge not before admission', () => {
    const { admission, ...withoutAdmission } = sample();
    expect(issuePaths(withoutAdmission)).toEqual(['admission']);
    expect(issuePaths({ ...withoutAdmission, medicalCareType: 'outpatient' })).toEqual([]);
    const backwards = { ...(admission as object), admitDate: '2026-03-15' };
    expect(issuePaths({ ...sample(), admission: backwards })).toEqual(['admission.dischargeDate']);
  });

  it('refuses a reversal bill that names itself', () => {
    const reversalOf = { billBatchCode: '33060126', billNo: '0012345678' };
    expect(issuePaths({ ...sample(), reversalOf })).toEqual(['reversalOf']);
    expect(issuePaths({ ...sample(), reversalOf: { ...reversalOf, billNo: '0012345600' } })).toEqual([]);
  });

  it('refuses unknown keys on a signed bill, so what is verified is all that was received', () => {
    const result = SignedEBill.safeParse({ ...sample(), remark: 'added in transit' });
    expect(result.success).toBe(false);
    expect(
      SignedEBill.safeParse({ ...sample(), signature: { alg: 'RS256', keyId: 'k', value: 'v' } }).success,
    ).toBe(false);
  });
});

describe('ebillIdentity', () => {
  it('is the lifelong key of a bill: batch code and number', () => {
    expect(ebillIdentity(EBill.parse(sample()))).toBe('BILL#33060126#0012345678');
  });
});

describe('ebillItemsToClaimItems', () => {
  it('maps bill categories 1/2/3 to A/B/C and keeps amounts and own self-pay-first shares', () => {
    const items = ebillItemsToClaimItems(EBill.parse(sample()));
    expect(items.map((i) => i.category)).toEqual(['A', 'A', 'A', 'B', 'C']);
    expect(items.map((i) => i.amountFen)).toEqual([180000, 620000, 450000, 600000, 150000]);
    expect(items[3]).toEqual({
      code: 'C0801IOL01',
      name: '人工晶体',
      category: 'B',
      amountFen: 600000,
      selfPayFirstPct: 10,
    });
    expect(items[0]).not.toHaveProperty('selfPayFirstPct');
  });

  it('adds the English gloss to the name where the bill gives one', () => {
    const bill = sample();
    bill.listDetail[0] = { ...bill.listDetail[0], nameEn: 'ward bed' };
    expect(ebillItemsToClaimItems(EBill.parse(bill))[0]?.name).toBe('床位费 (ward bed)');
  });
});
