import { z } from 'zod';
import type { ClaimReason } from './claim';

/**
 * Why a clerk may reject a claim: a closed list, so that every rejection a citizen reads has a
 * reason in Chinese and English written once, here, and the clerk's own note adds the detail.
 */
export const CLERK_REJECTION_REASONS = {
  DOCUMENTS_INCOMPLETE: {
    zh: '材料不全，无法核实本次就医费用',
    en: 'the documents are incomplete, so the expenses cannot be confirmed',
  },
  NOT_COVERED: {
    zh: '费用不属于参保地医保报销范围',
    en: 'the expenses are not covered by the home region’s insurance',
  },
  DUPLICATE_CLAIM: {
    zh: '同一费用已申请或已报销',
    en: 'the same expenses were claimed or reimbursed before',
  },
  BILL_NOT_CONFIRMED: {
    zh: '票据无法确认真实有效',
    en: 'the bills could not be confirmed as genuine and valid',
  },
  IDENTITY_MISMATCH: {
    zh: '票据信息与参保人不符',
    en: 'the bills do not match the insured person',
  },
  OTHER: {
    zh: '其他原因，见经办人说明',
    en: 'another reason, given in the clerk’s note',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ClerkRejectionCode = keyof typeof CLERK_REJECTION_REASONS;

export const ClerkRejectionCodeSchema = z.enum(
  Object.keys(CLERK_REJECTION_REASONS) as [ClerkRejectionCode, ...ClerkRejectionCode[]],
);

/** The reason stored on a case a clerk rejected; RecordRejection tells the citizen its words. */
export function clerkRejectionReason(code: ClerkRejectionCode, note: string): ClaimReason {
  return { code, ...CLERK_REJECTION_REASONS[code], detail: note };
}
