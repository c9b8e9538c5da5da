import { describe, expect, it } from 'vitest';
import { SubmitClaimRequestSchema } from '../../../domain/claim';
import { generateFakeIdNumber, hashIdNumber, maskIdNumber } from '../../../domain/identity';
import { parseReceiptQr } from '../../../domain/receipt-qr';
import { seededRandom } from '../../../domain/seeded-random';
import {
  admissionSequences,
  claimRequest,
  mismatchingReceiptQr,
  type CreatedVisit,
} from '../../../local/demo/claim-request';
import type { PlannedVisit } from '../../../local/demo/plan';

const idNumber = generateFakeIdNumber(seededRandom('claim-request-test'), {
  regionCode: '330402',
  birthYearRange: [1960, 1990],
});

function visit(
  index: number,
  insured: number,
  serviceDate: string,
  extra: Partial<PlannedVisit> = {},
): CreatedVisit {
  const careType = extra.careType ?? 'inpatient';
  return {
    plan: {
      index,
      insured,
      careType,
      filingType: 'long_term',
      role: 'normal',
      clerk: { decision: 'approve' },
      ...extra,
    },
    hospital: {
      hospitalCode: 'H31010400002',
      visitNo: `ZY2026${String(index).padStart(6, '0')}`,
      careType,
      serviceDate,
      patient: {
        name: '测试患者0001',
        idNumber,
        idNumberMasked: maskIdNumber(idNumber),
        idNumberHash: hashIdNumber(idNumber),
      },
      bill: {
        billBatchCode: '31010426',
        billNo: '0006708001',
        checkCode: '19eac1',
        issueDate: serviceDate,
        totalAmtFen: 606_038,
      },
    },
  };
}

describe('demo claim requests', () => {
  it('numbers each insured person’s stays of the year by date', () => {
    const seqs = admissionSequences([
      visit(0, 7, '2026-06-01'),
      visit(1, 7, '2026-02-01'),
      visit(2, 7, '2026-03-01', { careType: 'outpatient' }),
      visit(3, 8, '2026-09-01'),
    ]);
    expect(Object.fromEntries(seqs)).toEqual({ 0: 2, 1: 1, 3: 1 });
  });

  it('is a request the API accepts, declaring none of what the home region decides', () => {
    const created = { ...visit(0, 0, '2026-06-01', { filingType: 'unfiled' }), admissionSeqInYear: 2 };
    const request = claimRequest(
      created,
      { index: 0, status: 'retired', home: 'default', bankAccount: '6222000000000000042' },
      new Date(),
    );
    expect(SubmitClaimRequestSchema.safeParse(request).success).toBe(true);
    expect(request.visit).not.toHaveProperty('filingType');
    expect(request.visit).not.toHaveProperty('admissionSeqInYear');
    expect(request.insured).toEqual({
      idNumber: created.hospital.patient.idNumber,
      name: created.hospital.patient.name,
      homeRegion: '330400',
    });
    expect(request.receipts).toEqual([]);
  });

  it('attaches a paper receipt one yuan off the e-bill to the visits meant for the clerk', () => {
    const created = visit(0, 0, '2026-06-01', { role: 'receipt_mismatch' });
    const request = claimRequest(
      created,
      { index: 0, status: 'working', home: 'default', bankAccount: '6222000000000000042' },
      new Date(),
    );
    const qr = parseReceiptQr(request.receipts[0]!.qrPayload);
    expect(qr).toMatchObject({ billNo: '0006708001', checkCode: '19eac1', totalAmtFen: 606_138 });
    expect(mismatchingReceiptQr(created.hospital)).toBe(request.receipts[0]!.qrPayload);
  });
});
