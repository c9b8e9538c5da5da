import { describe, expect, it } from 'vitest';
import { DischargeSummarySchema } from '../../../adapters/hospital-client';
import { EBill, SignedEBill, ebillIdentity } from '../../../domain/ebill';
import { verifyEBillSignature } from '../../../domain/ebill-signature';
import { hashIdNumber, isValidIdNumber, maskIdNumber } from '../../../domain/identity';
import { createBillGenerator, generateVisits } from '../../../local/hospitals/bill-generator';
import { generateHospitalCatalog, keyRegistryFor } from '../../../local/hospitals/catalog';
import { MEDICAL_ITEMS } from '../../../local/hospitals/medical-items';

const catalog = generateHospitalCatalog('bills-test');
const registry = keyRegistryFor(catalog);
const visits = generateVisits(catalog, 'bills-test', 200);
const bills = visits.map((v) => v.bill);
const inpatient = visits.filter((v) => v.careType === 'inpatient');
const outpatient = visits.filter((v) => v.careType === 'outpatient');

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('bill generator: realistic signed e-bills from a seed', () => {
  it('gives identical bills for the same seed and different ones for another', () => {
    const again = generateVisits(catalog, 'bills-test', 50);
    expect(JSON.stringify(again)).toBe(JSON.stringify(visits.slice(0, 50)));
    expect(JSON.stringify(generateVisits(catalog, 'other', 50))).not.toBe(JSON.stringify(again));
  });

  it('makes both inpatient and outpatient bills', () => {
    expect(inpatient.length).toBeGreaterThan(80);
    expect(outpatient.length).toBeGreaterThan(40);
  });

  it('makes bills that parse as EBill and as signed bills', () => {
    for (const bill of bills) {
      expect(EBill.safeParse(bill).error).toBeUndefined();
      expect(SignedEBill.safeParse(bill).error).toBeUndefined();
    }
  });

  it('makes bills whose lines and payments add up, line by line', () => {
    for (const bill of bills) {
      expect(sum(bill.listDetail.map((l) => l.amountFen))).toBe(bill.totalAmtFen);
      for (const line of bill.listDetail)
        expect((line.qty ?? 0) * (line.unitPriceFen ?? 0)).toBe(line.amountFen);
      expect(bill.fundPayFen + bill.accountPayFen + bill.ownPayFen).toBe(bill.totalAmtFen);
      const categoryC = bill.listDetail.filter((l) => l.medicalCareType === 3).map((l) => l.amountFen);
      expect(bill.selfPayAmtFen).toBe(sum(categoryC));
    }
  });

  it('makes bills whose signatures verify with the catalog registry', () => {
    for (const bill of bills) expect(verifyEBillSignature(bill, registry)).toEqual({ ok: true });
  });

  it('bills fake patients: 测试 names and valid fake ID numbers, masked and hashed on the bill', () => {
    for (const { patient, bill } of visits) {
      expect(patient.name).toMatch(/^测试患者\d{4}$/);
      expect(isValidIdNumber(patient.idNumber)).toBe(true);
      expect(bill.payer).toEqual({
        name: patient.name,
        idNumberMasked: maskIdNumber(patient.idNumber),
        idNumberHash: hashIdNumber(patient.idNumber),
      });
      expect(JSON.stringify(bill)).not.toContain(patient.idNumber);
    }
  });

  it('bills an inpatient stay with 5–40 lines, a bed day per day of the stay, and an admission', () => {
    for (const { bill, visitNo } of inpatient) {
      expect(bill.listDetail.length).toBeGreaterThanOrEqual(5);
      expect(bill.listDetail.length).toBeLessThanOrEqual(40);
      const admission = bill.admission;
      expect(admission).toBeDefined();
      const days =
        (Date.parse(admission?.dischargeDate ?? '') - Date.parse(admission?.admitDate ?? '')) / 86_400_000;
      expect(bill.listDetail.find((l) => l.code === '110900001')?.qty).toBe(days);
      expect(bill.issueDate).toBe(admission?.dischargeDate);
      expect(bill.visitNo).toBe(visitNo);
      expect(visitNo).toMatch(/^ZY\d{10}$/);
    }
  });

  it('bills an outpatient visit with 1–8 lines and no admission', () => {
    for (const { bill, visitNo } of outpatient) {
      expect(bill.listDetail.length).toBeGreaterThanOrEqual(1);
      expect(bill.listDetail.length).toBeLessThanOrEqual(8);
      expect(bill.admission).toBeUndefined();
      expect(visitNo).toMatch(/^MZ\d{12}$/);
    }
  });

  it('uses every category: A, B (implants with their own self-pay-first share) and C', () => {
    const lines = bills.flatMap((b) => b.listDetail);
    expect(new Set(lines.map((l) => l.medicalCareType))).toEqual(new Set([1, 2, 3]));
    const implants = lines.filter((l) => MEDICAL_ITEMS.find((t) => t.code === l.code)?.kind === 'implant');
    expect(implants.length).toBeGreaterThan(0);
    for (const implant of implants) {
      expect(implant.medicalCareType).toBe(2);
      expect(implant.selfPayFirstPct).toBeGreaterThan(0);
    }
    expect(lines.some((l) => l.code === 'SP00000001' && l.medicalCareType === 3)).toBe(true);
  });

  it('uses NHSA-shaped item codes with Chinese names and English glosses', () => {
    for (const t of MEDICAL_ITEMS) {
      expect(t.code).toMatch(/^(\d{9}|X[A-Z]\d{2}[A-Z]{3}\d{16}|Z[A-Z]\d{2}[A-Z]{3}\d{13}|C\d{26}|SP\d{8})$/);
      expect(t.name).toMatch(/\p{Script=Han}/u);
      expect(t.nameEn).toMatch(/^[\x20-\x7e–]+$/);
    }
  });

  it('numbers bills uniquely per hospital: 8-digit batch (district + year) and 10-digit number', () => {
    const identities = bills.map(ebillIdentity);
    expect(new Set(identities).size).toBe(identities.length);
    for (const bill of bills) {
      expect(bill.billBatchCode).toBe(`${bill.placeCode}26`);
      expect(bill.checkCode).toMatch(/^[0-9a-f]{6}$/);
    }
  });

  it('settles some bills directly at the hospital, where the fund paid part', () => {
    const settled = bills.filter((b) => b.settledDirectly);
    expect(settled.length).toBeGreaterThan(0);
    for (const bill of settled) expect(bill.fundPayFen).toBeGreaterThan(0);
    for (const bill of bills.filter((b) => !b.settledDirectly)) expect(bill.ownPayFen).toBe(bill.totalAmtFen);
  });

  it('writes a discharge summary for each stay, matching its bill', () => {
    for (const { bill, dischargeSummary, visitNo } of inpatient) {
      const summary = DischargeSummarySchema.parse(dischargeSummary);
      expect(summary).toMatchObject({
        hospitalCode: bill.hospital.code,
        visitNo,
        admitDate: bill.admission?.admitDate,
      });
      expect(summary.diagnosis).toEqual(bill.admission?.diagnosis);
    }
    for (const { dischargeSummary } of outpatient) expect(dischargeSummary).toBeUndefined();
  });

  it('bills a given patient at a given hospital on a given date when asked', () => {
    const generator = createBillGenerator(catalog, 'asked');
    const patient = generator.patient();
    const hospitalCode = catalog.hospitals[0]?.code ?? '';
    const visit = generator.inpatient({ hospitalCode, patient, date: '2026-05-04', settledDirectly: true });
    expect(visit.bill.hospital.code).toBe(hospitalCode);
    expect(visit.bill.payer.idNumberHash).toBe(patient.idNumberHash);
    expect(visit.bill.admission?.admitDate).toBe('2026-05-04');
    expect(visit.bill.settledDirectly).toBe(true);
    expect(() => generator.outpatient({ hospitalCode: 'H00000000000' })).toThrow(/not in the catalog/);
  });
});

describe('bill generator: voided and red reversal bills', () => {
  const generator = createBillGenerator(catalog, 'reversals');
  const original = generator.inpatient().bill;

  it('voids a bill: same identity, status voided, signed again', () => {
    const voided = generator.voided(original);
    expect(ebillIdentity(voided)).toBe(ebillIdentity(original));
    expect(voided.status).toBe('voided');
    expect(SignedEBill.safeParse(voided).success).toBe(true);
    expect(verifyEBillSignature(voided, registry)).toEqual({ ok: true });
    expect(voided.signature.value).not.toBe(original.signature.value);
  });

  it('reverses a bill with a new red bill naming it, same non-negative amounts, and voids the original', () => {
    const { voidedOriginal, reversal } = generator.redReversal(original);
    expect(reversal.reversalOf).toEqual({ billBatchCode: original.billBatchCode, billNo: original.billNo });
    expect(ebillIdentity(reversal)).not.toBe(ebillIdentity(original));
    expect(reversal.status).toBe('issued');
    expect(reversal.totalAmtFen).toBe(original.totalAmtFen);
    expect(reversal.listDetail).toEqual(original.listDetail);
    expect(reversal.issueDate > original.issueDate).toBe(true);
    expect(voidedOriginal.status).toBe('voided');
    for (const bill of [reversal, voidedOriginal]) {
      expect(SignedEBill.safeParse(bill).success).toBe(true);
      expect(verifyEBillSignature(bill, registry)).toEqual({ ok: true });
    }
  });

  it('refuses to reverse a reversal or a voided bill', () => {
    const { voidedOriginal, reversal } = generator.redReversal(original);
    expect(() => generator.redReversal(reversal)).toThrow(/not an issued original/);
    expect(() => generator.redReversal(voidedOriginal)).toThrow(/not an issued original/);
  });
});
