import type { EBill } from './ebill';

/**
 * Whose bill is it? A bill fetched from a hospital or pushed by one is attached to a claim
 * only when its payer is the claimant (the ID-number hash on the bill is the claim's), and a
 * bill named by a paper receipt only when the receipt's check code is the bill's too (the
 * code is printed on the paper, not guessable from the sequential bill number). Anything else
 * is "not yours": the claim records that, never the bill's values (total, date, check code,
 * items), its key or the claim that holds it, so numbering through bills shows nothing.
 */

export type BillOwnership = { yours: true } | { yours: false; why: 'payer' | 'check_code' };

export function billOwnership(
  bill: Pick<EBill, 'payer' | 'checkCode'>,
  claimant: { idNumberHash: string },
  paper?: { checkCode: string | null },
): BillOwnership {
  if (bill.payer.idNumberHash !== claimant.idNumberHash) return { yours: false, why: 'payer' };
  if (paper && paper.checkCode?.toLowerCase() !== bill.checkCode.toLowerCase())
    return { yours: false, why: 'check_code' };
  return { yours: true };
}

/** Splits bills into the claimant's and how many are someone else's (only the count is kept). */
export function partitionByPayer<B extends Pick<EBill, 'payer' | 'checkCode'>>(
  bills: readonly B[],
  claimant: { idNumberHash: string },
): { own: B[]; foreign: number } {
  const own = bills.filter((b) => billOwnership(b, claimant).yours);
  return { own, foreign: bills.length - own.length };
}

/** The only words a claim keeps about a receipt's bill that is not the claimant's. */
export const RECEIPT_NOT_YOURS_DETAIL =
  'the bill this receipt names is not the claimant’s, or its check code does not match';
