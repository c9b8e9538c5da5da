import { describe, expect, it } from 'vitest';
import {
  reconcilePayouts,
  type BankLedgerEntry,
  type RecordedPayout,
} from '../../domain/payout-reconciliation';

const paid = (claimId: string, amountFen: number, bankReference?: string): RecordedPayout => ({
  claimId,
  amountFen,
  ...(bankReference !== undefined && { bankReference }),
});
const transfer = (idempotencyKey: string, amountFen: number, bankReference: string): BankLedgerEntry => ({
  idempotencyKey,
  amountFen,
  bankReference,
});

describe('reconciling payouts with the bank ledger by claim id', () => {
  it('balances when every payout has its transfer with the same amount and reference', () => {
    const report = reconcilePayouts(
      [paid('C1', 100, 'BK1'), paid('C2', 200, 'BK2')],
      [transfer('C2', 200, 'BK2'), transfer('C1', 100, 'BK1')],
    );
    expect(report.balanced).toBe(true);
    expect(report.differences).toEqual([]);
    expect(report.summary).toMatchObject({
      payoutsInTable: 2,
      transfersAtBank: 2,
      matched: 2,
      differences: 0,
    });
  });

  it('expects no transfer for a payout of 0 fen, and counts it apart', () => {
    const report = reconcilePayouts([paid('C0', 0)], []);
    expect(report.balanced).toBe(true);
    expect(report.summary).toMatchObject({ matched: 0, nothingToTransfer: 1 });
  });

  it('amount differs', () => {
    const report = reconcilePayouts([paid('C1', 100, 'BK1')], [transfer('C1', 90, 'BK1')]);
    expect(report.differences).toEqual([
      { kind: 'amount_differs', claimId: 'C1', tableAmountFen: 100, bankAmountFen: 90 },
    ]);
    expect(report.summary.matched).toBe(0);
  });

  it('paid in the table, no transfer: the instruction is still due when there is no bank reference', () => {
    expect(reconcilePayouts([paid('C1', 100)], []).differences).toEqual([
      {
        kind: 'missing_at_bank',
        claimId: 'C1',
        amountFen: 100,
        tableBankReference: null,
        instructionDue: true,
      },
    ]);
  });

  it('paid in the table with a bank reference the bank does not have: not due, lost', () => {
    expect(reconcilePayouts([paid('C1', 100, 'BK1')], []).differences).toEqual([
      {
        kind: 'missing_at_bank',
        claimId: 'C1',
        amountFen: 100,
        tableBankReference: 'BK1',
        instructionDue: false,
      },
    ]);
  });

  it('a transfer at the bank with no payout in the table', () => {
    expect(reconcilePayouts([], [transfer('C9', 500, 'BK9')]).differences).toEqual([
      { kind: 'missing_in_table', claimId: 'C9', bankAmountFen: 500, bankReference: 'BK9' },
    ]);
  });

  it('bank reference differs, or the bank made the transfer before the table stored its reference', () => {
    const report = reconcilePayouts(
      [paid('C1', 100, 'BK-old'), paid('C2', 200)],
      [transfer('C1', 100, 'BK1'), transfer('C2', 200, 'BK2')],
    );
    expect(report.differences).toEqual([
      { kind: 'bank_reference_differs', claimId: 'C1', tableBankReference: 'BK-old', bankReference: 'BK1' },
      { kind: 'bank_reference_differs', claimId: 'C2', tableBankReference: null, bankReference: 'BK2' },
    ]);
  });

  it('lists every difference of a claim, sorted by claim id, and counts them by kind', () => {
    const report = reconcilePayouts(
      [paid('C3', 300, 'BK-x'), paid('C1', 100, 'BK1'), paid('C2', 1)],
      [transfer('C3', 301, 'BK3'), transfer('C1', 100, 'BK1'), transfer('C0', 5, 'BK0')],
    );
    expect(report.differences.map((d) => [d.claimId, d.kind])).toEqual([
      ['C0', 'missing_in_table'],
      ['C2', 'missing_at_bank'],
      ['C3', 'amount_differs'],
      ['C3', 'bank_reference_differs'],
    ]);
    expect(report.balanced).toBe(false);
    expect(report.summary).toEqual({
      payoutsInTable: 3,
      transfersAtBank: 3,
      matched: 1,
      nothingToTransfer: 0,
      differences: 4,
      byKind: { amount_differs: 1, missing_at_bank: 1, missing_in_table: 1, bank_reference_differs: 1 },
    });
  });
});
