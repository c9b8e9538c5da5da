import { billKeyOf } from '../../domain/bill-key';
import { describe, expect, it } from 'vitest';
import type { SignedEBill } from '../../domain/ebill';
import { verifyClaimDocuments, type VerificationInput } from '../../domain/verification';
import { readJson } from '../support/fixtures';

const sampleBill = (): SignedEBill => {
  const bill = structuredClone(readJson('test/fixtures/shared/ebills/sample-ebill.json')) as SignedEBill;
  bill.payer.idNumberHash = 'sha256:abc';
  return bill;
};

function input(
  overrides: Partial<VerificationInput> = {},
  bill: SignedEBill = sampleBill(),
): VerificationInput {
  return {
    claim: {
      insured: {
        idNumberHash: 'sha256:abc',
        idNumberMasked: '3304**********0011',
        name: '测试患者',
        scheme: 'employee',
        status: 'working',
        homeRegion: '330400',
      },
      hospitalCode: 'H33060200001',
      visit: {
        visitNo: 'V1',
        careType: 'inpatient',
        serviceDate: '2026-03-09',
        filingType: 'long_term',
      },
    },
    bills: [{ bill, signature: { ok: true } }],
    alreadyClaimedBy: [],
    flaggedBills: new Map(),
    receiptProblems: [],
    hospital: { code: 'H33060200001', designated: true },
    policy: { effective: { from: '2026-01-01', to: '2026-12-31' }, filingDeadlineDays: 730 },
    filedOn: '2026-03-20',
    ...overrides,
  };
}

const codes = (i: VerificationInput) => verifyClaimDocuments(i).findings.map((f) => f.code);

describe('verification: rules with a route each', () => {
  it('passes a signed, matching, unclaimed bill from a designated hospital', () => {
    expect(verifyClaimDocuments(input())).toEqual({ decision: 'pass', findings: [] });
  });

  it('rejects a bill already reimbursed, naming the claim that holds it', () => {
    const outcome = verifyClaimDocuments(
      input({ alreadyClaimedBy: [{ billKey: '33060126#0012345678', claimId: 'C1' }] }),
    );
    expect(outcome.decision).toBe('reject');
    expect(outcome.findings[0]).toMatchObject({
      code: 'ALREADY_REIMBURSED',
      detail: '33060126#0012345678 by claim C1',
    });
  });

  it('rejects a bill for another person, a voided one, a reversed one and one settled directly', () => {
    const bill = sampleBill();
    bill.payer.idNumberHash = 'sha256:someone-else';
    bill.settledDirectly = true;
    const flags = new Map([[billKeyOf(bill), new Set(['VOIDED', 'REVERSED'] as const)]]);
    expect(codes(input({ flaggedBills: flags }, bill))).toEqual([
      'IDENTITY_MISMATCH',
      'BILL_VOIDED',
      'BILL_REVERSED',
      'SETTLED_DIRECTLY',
    ]);
  });

  it('sends a bad signature, an unknown hospital and an unreadable receipt to a clerk, not to rejection', () => {
    const outcome = verifyClaimDocuments(
      input({
        bills: [{ bill: sampleBill(), signature: { ok: false, reason: 'bad_signature' } }],
        hospital: undefined,
        receiptProblems: [{ receiptId: 'R1', kind: 'unreadable', detail: 'no code' }],
      }),
    );
    expect(outcome.decision).toBe('review');
    expect(outcome.findings.map((f) => f.code)).toEqual([
      'SIGNATURE_INVALID',
      'RECEIPT_UNREADABLE',
      'HOSPITAL_UNKNOWN',
    ]);
  });

  it('rejects a claim filed after the deadline or treated outside the policy dates', () => {
    expect(codes(input({ filedOn: '2028-03-10' }))).toEqual(['FILING_DEADLINE_PASSED']);
    expect(
      codes(
        input({ policy: { effective: { from: '2027-01-01', to: '2027-12-31' }, filingDeadlineDays: 730 } }),
      ),
    ).toEqual(['SERVICE_DATE_OUTSIDE_COVERAGE']);
  });

  it('lets data change a route: a policy may send duplicates to review instead', () => {
    const outcome = verifyClaimDocuments(
      input({
        alreadyClaimedBy: [{ billKey: 'x', claimId: 'C1' }],
        routes: { ALREADY_REIMBURSED: 'review' },
      }),
    );
    expect(outcome.decision).toBe('review');
  });

  it('sends a claim with no bill at all to a clerk', () => {
    expect(verifyClaimDocuments(input({ bills: [] })).decision).toBe('review');
  });
});
