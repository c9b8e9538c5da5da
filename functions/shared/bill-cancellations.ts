import { billKeyOf } from '../../domain/bill-key';
import type { BillReference, SignedEBill } from '../../domain/ebill';
import { verifyEBillSignature } from '../../domain/ebill-signature';
import { deps } from './dependencies';

/**
 * A void or a red reversal stops a claim only on the issuing hospital's own signed word, never
 * on a notice alone, and only for that hospital's bills: bill keys are scoped to the hospital
 * (domain/bill-key.ts), so a reversal one hospital signs can only ever name its own bills.
 */

export type CancellationProof = { ok: true; billKey: string } | { ok: false; reason: string };

/** A hospital's bill fetched from it and checked against its key registry; null when it does not verify. */
async function signedBillFrom(hospitalCode: string, ref: BillReference): Promise<SignedEBill | null> {
  const bill = await deps('hospitals').fetchEBill(hospitalCode, ref.billBatchCode, ref.billNo);
  if (!bill || bill.hospital.code !== hospitalCode) return null;
  const { keys } = await deps('hospitalRegistry').lookup(hospitalCode);
  return verifyEBillSignature(bill, keys).ok ? bill : null;
}

/** The bill a signed red reversal cancels: always of the hospital that signed the reversal. */
export const reversedBillKey = (reversal: SignedEBill & { reversalOf: BillReference }): string =>
  billKeyOf({ hospitalCode: reversal.hospital.code, ...reversal.reversalOf });

/**
 * An EBill.Voided notice, proven or not: a plain void needs the hospital's signed bill with
 * status voided; a reversal needs the hospital's signed reversal bill pointing back at it.
 */
export async function proveCancellation(notice: {
  hospitalCode: string;
  billBatchCode: string;
  billNo: string;
  reversedBy?: BillReference | undefined;
}): Promise<CancellationProof> {
  const { hospitalCode, reversedBy } = notice;
  const bill = await signedBillFrom(hospitalCode, notice);
  if (!bill) return { ok: false, reason: 'the hospital has no signed bill by that number' };
  const billKey = billKeyOf(bill);
  if (!reversedBy) {
    return bill.status === 'voided'
      ? { ok: true, billKey }
      : { ok: false, reason: 'the hospital still shows the bill as issued' };
  }
  const reversal = await signedBillFrom(hospitalCode, reversedBy);
  if (!reversal?.reversalOf) return { ok: false, reason: 'no signed reversal bill by that number' };
  if (reversedBillKey({ ...reversal, reversalOf: reversal.reversalOf }) !== billKey)
    return { ok: false, reason: 'the reversal bill cancels another bill' };
  return { ok: true, billKey };
}
