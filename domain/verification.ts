import type { ClaimCase, ClaimReason } from './claim';
import type { SignatureVerification } from './ebill-signature';
import type { SignedEBill } from './ebill';
import { billKeyOf } from './bill-key';
import { daysBetween } from './dates';
import type { Policy } from './policy';

/**
 * What verification can find wrong with a claim's documents, and what happens then.
 * The route is data: `reject` ends the claim with the reason, `review` sends it to a clerk.
 * A policy may route a code differently (policy.verificationRoutes); these are the defaults.
 */
export const VERIFICATION_FINDINGS = {
  SIGNATURE_INVALID: {
    route: 'review',
    zh: '电子票据签名无法验证',
    en: 'the e-bill signature does not verify',
  },
  TOTALS_MISMATCH: {
    route: 'review',
    zh: '票据合计金额与明细之和不符',
    en: 'the bill total is not the sum of its lines',
  },
  IDENTITY_MISMATCH: {
    route: 'reject',
    zh: '票据上的就诊人与申请人不是同一人',
    en: 'the bill is for another person than the claimant',
  },
  HOSPITAL_MISMATCH: {
    route: 'review',
    zh: '票据开具医院与申请的医院不符',
    en: 'the bill comes from another hospital than the one claimed for',
  },
  CARE_TYPE_MISMATCH: {
    route: 'review',
    zh: '票据的门诊/住院类型与申请不符',
    en: 'the bill is for another kind of care (inpatient/outpatient) than claimed',
  },
  BILL_VOIDED: { route: 'reject', zh: '票据已作废', en: 'the bill was voided' },
  BILL_CONFLICT: {
    route: 'review',
    zh: '医院以不同内容重复开具了同一票据',
    en: 'the hospital re-issued the bill with different content',
  },
  BILL_REVERSED: { route: 'reject', zh: '票据已被红冲', en: 'the bill was reversed by a red bill' },
  REVERSAL_BILL: {
    route: 'reject',
    zh: '红冲票据不是费用票据',
    en: 'a red reversal bill is not an expense',
  },
  SETTLED_DIRECTLY: {
    route: 'reject',
    zh: '该票据已在医院直接结算',
    en: 'the bill was already settled directly at the hospital',
  },
  ALREADY_REIMBURSED: {
    route: 'reject',
    zh: '该票据已报销过',
    en: 'the bill was already reimbursed',
  },
  SERVICE_DATE_OUTSIDE_COVERAGE: {
    route: 'reject',
    zh: '就医日期不在本政策的有效期内',
    en: 'the date of treatment is outside the policy’s coverage',
  },
  FILING_DEADLINE_PASSED: {
    route: 'reject',
    zh: '已超过报销申请期限',
    en: 'the claim was filed after the deadline',
  },
  HOSPITAL_UNKNOWN: {
    route: 'review',
    zh: '医院不在定点医疗机构目录中',
    en: 'the hospital is not in the directory of designated hospitals',
  },
  HOSPITAL_NOT_DESIGNATED: {
    route: 'review',
    zh: '医院不是跨省异地就医定点医疗机构',
    en: 'the hospital is not designated for cross-province care',
  },
  NO_BILLS: { route: 'review', zh: '没有可核验的票据', en: 'there is no bill to verify' },
  RECEIPT_UNREADABLE: {
    route: 'review',
    zh: '纸质票据的二维码无法识别',
    en: 'the QR code of a paper receipt could not be read',
  },
  RECEIPT_NOT_FOUND: {
    route: 'review',
    zh: '医院查无纸质票据对应的电子票据',
    en: 'the hospital has no e-bill for a paper receipt',
  },
  RECEIPT_MISMATCH: {
    route: 'review',
    zh: '纸质票据与电子票据信息不一致',
    en: 'a paper receipt differs from its e-bill',
  },
  RECEIPT_LOW_CONFIDENCE: {
    route: 'review',
    zh: '纸质票据的部分字段识别置信度低，需人工核对',
    en: 'low confidence: a field of a paper receipt could not be read with confidence',
  },
  RECEIPT_NOT_YOURS: {
    route: 'review',
    zh: '纸质票据对应的电子票据不属于申请人，或校验码不符',
    en: 'the e-bill a paper receipt names is not the claimant’s, or its check code does not match',
  },
  RECEIPT_OTHER_HOSPITAL: {
    route: 'review',
    zh: '纸质票据属于未授权调取的其他医院',
    en: 'a paper receipt names another hospital than the one the citizen consented to',
  },
  BILL_NOT_YOURS: {
    route: 'review',
    zh: '该就诊的票据属于他人',
    en: 'the bills of this visit are another person’s',
  },
} as const satisfies Record<string, { route: 'reject' | 'review'; zh: string; en: string }>;

export type FindingCode = keyof typeof VERIFICATION_FINDINGS;
export type Route = 'reject' | 'review';

export interface Finding extends ClaimReason {
  code: FindingCode;
  route: Route;
}

export interface HospitalListing {
  code: string;
  designated: boolean;
}

/** Everything verification looks at; gathered by the handler, judged here without I/O. */
export interface VerificationInput {
  claim: Pick<ClaimCase, 'insured' | 'hospitalCode' | 'visit'>;
  bills: { bill: SignedEBill; signature: SignatureVerification }[];
  /** Bills of this claim another claim already holds the duplicate guard for. */
  alreadyClaimedBy: { billKey: string; claimId: string }[];
  /** What hospitals told us after issuing the bills: voided, reversed by a red bill, re-issued differently. */
  flaggedBills: ReadonlyMap<string, ReadonlySet<'VOIDED' | 'REVERSED' | 'CONFLICT'>>;
  /** Paper receipts that did not lead to a matching e-bill. */
  receiptProblems: {
    receiptId: string;
    kind: 'unreadable' | 'not_found' | 'mismatch' | 'low_confidence' | 'not_yours' | 'other_hospital';
    detail: string;
  }[];
  /** Bills of the visit (fetched or pushed) whose payer is not the claimant: only how many. */
  foreignBills?: number;
  hospital: HospitalListing | undefined;
  policy: Pick<Policy, 'effective' | 'filingDeadlineDays'>;
  /** The day the claim was filed (YYYY-MM-DD). */
  filedOn: string;
  routes?: Partial<Record<FindingCode, Route>>;
}

export interface VerificationOutcome {
  decision: 'pass' | Route;
  findings: Finding[];
}

function finding(code: FindingCode, routes: VerificationInput['routes'], detail?: string): Finding {
  const rule = VERIFICATION_FINDINGS[code];
  return {
    code,
    route: routes?.[code] ?? rule.route,
    zh: rule.zh,
    en: rule.en,
    ...(detail !== undefined && { detail }),
  };
}

/**
 * Judges a claim's documents. Every check runs, so the clerk or citizen sees all findings at
 * once; the decision is the strongest route found: reject over review over pass.
 */
export function verifyClaimDocuments(input: VerificationInput): VerificationOutcome {
  const { claim, routes } = input;
  const found: Finding[] = [];
  const add = (code: FindingCode, detail?: string) => found.push(finding(code, routes, detail));

  if (input.bills.length === 0) add('NO_BILLS');
  for (const { bill, signature } of input.bills) {
    const key = billKeyOf(bill);
    if (!signature.ok) add('SIGNATURE_INVALID', `${key}: ${signature.reason}`);
    const linesSum = bill.listDetail.reduce((sum, l) => sum + l.amountFen, 0);
    if (linesSum !== bill.totalAmtFen)
      add('TOTALS_MISMATCH', `${key}: total ${bill.totalAmtFen}, lines ${linesSum}`);
    if (bill.payer.idNumberHash !== claim.insured.idNumberHash) add('IDENTITY_MISMATCH', key);
    if (bill.hospital.code !== claim.hospitalCode) add('HOSPITAL_MISMATCH', `${key}: ${bill.hospital.code}`);
    if (bill.medicalCareType !== claim.visit.careType) add('CARE_TYPE_MISMATCH', key);
    const flags = input.flaggedBills.get(key);
    if (bill.status === 'voided' || flags?.has('VOIDED')) add('BILL_VOIDED', key);
    if (bill.reversalOf !== null) add('REVERSAL_BILL', key);
    if (flags?.has('REVERSED')) add('BILL_REVERSED', key);
    if (flags?.has('CONFLICT')) add('BILL_CONFLICT', key);
    if (bill.settledDirectly) add('SETTLED_DIRECTLY', key);
  }
  const receiptCodes = {
    unreadable: 'RECEIPT_UNREADABLE',
    not_found: 'RECEIPT_NOT_FOUND',
    mismatch: 'RECEIPT_MISMATCH',
    low_confidence: 'RECEIPT_LOW_CONFIDENCE',
    not_yours: 'RECEIPT_NOT_YOURS',
    other_hospital: 'RECEIPT_OTHER_HOSPITAL',
  } as const;
  if ((input.foreignBills ?? 0) > 0) add('BILL_NOT_YOURS');
  for (const r of input.receiptProblems) add(receiptCodes[r.kind], `${r.receiptId}: ${r.detail}`);
  for (const dup of input.alreadyClaimedBy)
    add('ALREADY_REIMBURSED', `${dup.billKey} by claim ${dup.claimId}`);

  const { serviceDate } = claim.visit;
  if (serviceDate < input.policy.effective.from || serviceDate > input.policy.effective.to) {
    add(
      'SERVICE_DATE_OUTSIDE_COVERAGE',
      `${serviceDate} not in ${input.policy.effective.from}..${input.policy.effective.to}`,
    );
  }
  const elapsed = daysBetween(serviceDate, input.filedOn);
  if (elapsed > input.policy.filingDeadlineDays) {
    add(
      'FILING_DEADLINE_PASSED',
      `${elapsed} days after treatment; the limit is ${input.policy.filingDeadlineDays}`,
    );
  }
  if (!input.hospital) add('HOSPITAL_UNKNOWN', claim.hospitalCode);
  else if (!input.hospital.designated) add('HOSPITAL_NOT_DESIGNATED', claim.hospitalCode);

  const decision = found.some((f) => f.route === 'reject')
    ? 'reject'
    : found.some((f) => f.route === 'review')
      ? 'review'
      : 'pass';
  return { decision, findings: found };
}
