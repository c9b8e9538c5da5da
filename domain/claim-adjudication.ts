import type { AdjudicationResult } from './adjudication';
import type { AdjudicationCase } from './adjudication-case';
import type { ClaimCase, ClaimReason } from './claim';
import { ebillItemsToClaimItems, type EBill } from './ebill';
import type { CompiledPolicy } from './policy';
import type { CareType, HospitalLevel } from './schema-primitives';

/** What the fund already paid an insured person this year, for the care type of the claim. */
export interface YearToDateTotals {
  fundPaidFen: Record<CareType, number>;
  deductibleMetFen: Record<CareType, number>;
  admissions: number;
}

/**
 * The engine's case for a claim: the items of its reimbursable e-bills, in bill order, the
 * encounter as claimed, and this year's totals. When the citizen did not say which stay of
 * the year this is, the accumulator's count of paid stays says it.
 */
export function adjudicationCaseFor(
  claim: Pick<ClaimCase, 'claimId' | 'insured' | 'visit'>,
  policy: CompiledPolicy,
  bills: readonly EBill[],
  hospitalLevel: HospitalLevel,
  totals: YearToDateTotals,
): AdjudicationCase {
  const { careType, filingType, serviceDate, admissionSeqInYear } = claim.visit;
  return {
    caseId: claim.claimId,
    policyId: policy.id,
    insured: { scheme: claim.insured.scheme, status: claim.insured.status },
    encounter: {
      careType,
      hospitalLevel,
      filingType,
      serviceDate,
      ...(careType === 'inpatient' && { admissionSeqInYear: admissionSeqInYear ?? totals.admissions + 1 }),
    },
    yearToDate: {
      fundPaidFen: totals.fundPaidFen[careType],
      deductibleMetFen: totals.deductibleMetFen[careType],
    },
    items: bills.flatMap((b) => ebillItemsToClaimItems(b)),
  };
}

/**
 * Why a claim must be seen by a clerk before payout: verification findings routed to review,
 * and the policy's own limits. An empty list means the machine may pay.
 */
export function reviewReasons(
  policy: CompiledPolicy,
  result: Pick<AdjudicationResult, 'benefitFen'>,
  verificationFindings: readonly (ClaimReason & { route?: string })[],
): ClaimReason[] {
  const reasons: ClaimReason[] = verificationFindings.filter((f) => f.route === 'review');
  if (result.benefitFen > policy.review.benefitAboveFen) {
    reasons.push({
      code: 'AMOUNT_ABOVE_REVIEW_THRESHOLD',
      zh: '报销金额超过人工复核标准',
      en: 'the benefit is above the amount a clerk must check',
      detail: `${result.benefitFen} > ${policy.review.benefitAboveFen} fen`,
    });
  }
  return reasons;
}
