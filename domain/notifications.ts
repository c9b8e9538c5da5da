import type { Bilingual } from './explanation';
import type { ClaimStatus } from './claim-status';

/**
 * What a citizen is told when their claim moves: only the moves a citizen acts on or waits
 * for. Each message names the claim and the new state, never an amount of personal data.
 * Moves not listed (FETCHING, READING, …) are internal and notify no one.
 */
const MESSAGES: Partial<Record<ClaimStatus, Bilingual>> = {
  WAITING_FOR_EBILL: {
    zh: '医院尚未开具电子票据，开具后将自动继续办理。',
    en: 'The hospital has not issued the e-bill yet; your claim continues when it does.',
  },
  IN_REVIEW: {
    zh: '您的报销申请已转人工审核。',
    en: 'Your claim is being reviewed by a clerk.',
  },
  FAILED: {
    zh: '办理中遇到问题，已转经办人员处理。',
    en: 'Processing ran into a problem; a clerk is looking at your claim.',
  },
  WAITING_FOR_INFO: {
    zh: '经办人员需要您补充材料，请在期限内答复，逾期将终止办理。',
    en: 'A clerk needs more information from you; please answer before the deadline, or the claim closes.',
  },
  APPEALED: {
    zh: '已受理您的复核申请，将按就医当日有效的政策重新核算。',
    en: 'Your appeal was received; the claim is recalculated under the policy in force on the day of treatment.',
  },
  APPROVED: {
    zh: '您的报销申请已审核通过，即将支付。',
    en: 'Your claim was approved and will be paid shortly.',
  },
  PAID: {
    zh: '您的报销款已支付，欢迎对本次服务进行评价。',
    en: 'Your claim was paid. You are welcome to rate the service.',
  },
  REJECTED: {
    zh: '您的报销申请未获支付，原因见案件记录；欢迎对本次服务进行评价。',
    en: 'Your claim was not paid; the case record says why. You are welcome to rate the service.',
  },
};

export function statusMessage(claimId: string, status: ClaimStatus): Bilingual | undefined {
  const message = MESSAGES[status];
  return message && { zh: `报销申请 ${claimId}：${message.zh}`, en: `Claim ${claimId}: ${message.en}` };
}

/** A closed claim can be rated: the citizen has their answer. */
export const RATEABLE_STATUSES: ReadonlySet<ClaimStatus> = new Set(['PAID', 'REJECTED']);
