/**
 * Reconciliation of what crossclaim recorded as paid with what the bank transferred, matched
 * by claim id (the idempotency key of every bank instruction). Pure: the caller reads both sides.
 *
 * A payout of 0 fen is never sent to the bank (PayOut stops there), so it needs no transfer.
 * A claim can have more than one difference (amount and reference both wrong); each is listed.
 */

export interface RecordedPayout {
  claimId: string;
  amountFen: number;
  /** Absent until PayOut has instructed the bank and stored its answer. */
  bankReference?: string | undefined;
}

export interface BankLedgerEntry {
  idempotencyKey: string;
  amountFen: number;
  bankReference: string;
}

export type ReconciliationDifference =
  | { kind: 'amount_differs'; claimId: string; tableAmountFen: number; bankAmountFen: number }
  | {
      kind: 'missing_at_bank';
      claimId: string;
      amountFen: number;
      /** What the table says the bank answered; null when PayOut has not stored an answer. */
      tableBankReference: string | null;
      /**
       * True when the table has no bank reference: the instruction is still due (PayOut is
       * running, retrying, or failed before the bank). False is worse: the table says the bank
       * confirmed a transfer the bank does not have.
       */
      instructionDue: boolean;
    }
  | { kind: 'missing_in_table'; claimId: string; bankAmountFen: number; bankReference: string }
  | {
      kind: 'bank_reference_differs';
      claimId: string;
      /** null: the bank made the transfer but PayOut has not stored its reference (yet). */
      tableBankReference: string | null;
      bankReference: string;
    };

export type DifferenceKind = ReconciliationDifference['kind'];

export const DIFFERENCE_KINDS: readonly DifferenceKind[] = [
  'amount_differs',
  'missing_at_bank',
  'missing_in_table',
  'bank_reference_differs',
];

export interface ReconciliationReport {
  /** True when nothing differs. */
  balanced: boolean;
  summary: {
    payoutsInTable: number;
    transfersAtBank: number;
    /** Claims whose payout and transfer agree in amount and reference. */
    matched: number;
    /** Payouts of 0 fen: nothing to transfer, nothing expected at the bank. */
    nothingToTransfer: number;
    differences: number;
    byKind: Record<DifferenceKind, number>;
  };
  /** Sorted by claim id, then kind, so two runs over the same data print the same. */
  differences: ReconciliationDifference[];
}

export function reconcilePayouts(
  payouts: readonly RecordedPayout[],
  transfers: readonly BankLedgerEntry[],
): ReconciliationReport {
  const transferByKey = new Map(transfers.map((t) => [t.idempotencyKey, t]));
  const differences: ReconciliationDifference[] = [];
  let matched = 0;
  let nothingToTransfer = 0;

  for (const payout of payouts) {
    const transfer = transferByKey.get(payout.claimId);
    transferByKey.delete(payout.claimId);
    const tableBankReference = payout.bankReference ?? null;
    if (!transfer) {
      if (payout.amountFen === 0 && tableBankReference === null) nothingToTransfer++;
      else {
        differences.push({
          kind: 'missing_at_bank',
          claimId: payout.claimId,
          amountFen: payout.amountFen,
          tableBankReference,
          instructionDue: tableBankReference === null,
        });
      }
      continue;
    }
    const before = differences.length;
    if (transfer.amountFen !== payout.amountFen) {
      differences.push({
        kind: 'amount_differs',
        claimId: payout.claimId,
        tableAmountFen: payout.amountFen,
        bankAmountFen: transfer.amountFen,
      });
    }
    if (transfer.bankReference !== tableBankReference) {
      differences.push({
        kind: 'bank_reference_differs',
        claimId: payout.claimId,
        tableBankReference,
        bankReference: transfer.bankReference,
      });
    }
    if (differences.length === before) matched++;
  }

  // What is left at the bank was paid without a payout record in the table.
  for (const transfer of transferByKey.values()) {
    differences.push({
      kind: 'missing_in_table',
      claimId: transfer.idempotencyKey,
      bankAmountFen: transfer.amountFen,
      bankReference: transfer.bankReference,
    });
  }

  differences.sort(
    (a, b) =>
      compare(a.claimId, b.claimId) || DIFFERENCE_KINDS.indexOf(a.kind) - DIFFERENCE_KINDS.indexOf(b.kind),
  );
  const byKind = Object.fromEntries(DIFFERENCE_KINDS.map((kind) => [kind, 0])) as Record<
    DifferenceKind,
    number
  >;
  for (const difference of differences) byKind[difference.kind]++;

  return {
    balanced: differences.length === 0,
    summary: {
      payoutsInTable: payouts.length,
      transfersAtBank: transfers.length,
      matched,
      nothingToTransfer,
      differences: differences.length,
      byKind,
    },
    differences,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
