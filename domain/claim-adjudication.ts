import { createHash } from 'node:crypto';
import type { AdjudicationResult, LineCap } from './adjudication';
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
  /** What serious-illness insurance (大病保险) already paid this year, every channel. */
  seriousIllnessPaidFen?: number;
  /** The eligible self-paid costs the tier counted this year (its base for threshold and bands), every channel. */
  seriousIllnessBaseFen?: number;
}

/**
 * The engine's case for a claim: the items of its reimbursable e-bills, in bill order, the
 * encounter with the home region's facts (scheme, status, filing type from its record, as
 * CheckEligibility stored them), and this year's totals across every channel. Which stay of
 * the year this is comes from those totals' count of stays, never from the claim form.
 */
export function adjudicationCaseFor(
  claim: Pick<ClaimCase, 'claimId' | 'insured' | 'visit' | 'coverage'>,
  policy: CompiledPolicy,
  bills: readonly EBill[],
  hospitalLevel: HospitalLevel,
  totals: YearToDateTotals,
): AdjudicationCase {
  const { careType, serviceDate } = claim.visit;
  const { coverage } = claim;
  if (!coverage) throw new Error(`claim ${claim.claimId}: the home region's record was never read`);
  return {
    caseId: claim.claimId,
    policyId: policy.id,
    insured: { scheme: coverage.scheme, status: coverage.status },
    encounter: {
      careType,
      hospitalLevel,
      filingType: coverage.filingType,
      serviceDate,
      ...(careType === 'inpatient' && { admissionSeqInYear: totals.admissions + 1 }),
    },
    yearToDate: {
      fundPaidFen: totals.fundPaidFen[careType],
      deductibleMetFen: totals.deductibleMetFen[careType],
      seriousIllnessPaidFen: totals.seriousIllnessPaidFen ?? 0,
      seriousIllnessBaseFen: totals.seriousIllnessBaseFen ?? 0,
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
  claimId: string,
  result: Pick<AdjudicationResult, 'benefitFen'> & { seriousIllnessFen?: number },
  verificationFindings: readonly (ClaimReason & { route?: string })[],
): ClaimReason[] {
  const reasons: ClaimReason[] = verificationFindings.filter((f) => f.route === 'review');
  const paidFen = result.benefitFen + (result.seriousIllnessFen ?? 0);
  if (paidFen > policy.review.benefitAboveFen) {
    reasons.push({
      code: 'AMOUNT_ABOVE_REVIEW_THRESHOLD',
      zh: '报销金额超过人工复核标准',
      en: 'the benefit is above the amount a clerk must check',
      detail: `${paidFen} > ${policy.review.benefitAboveFen} fen`,
    });
  }
  if (reasons.length === 0 && inQualitySample(claimId, policy.review.qualitySamplePct)) {
    reasons.push({
      code: 'QUALITY_SAMPLE',
      zh: '随机抽查：本件由经办人复核质量',
      en: 'random quality sample: a clerk checks this claim',
      detail: `${policy.review.qualitySamplePct}% of claims are sampled`,
    });
  }
  return reasons;
}

/**
 * Whether a claim falls in the policy's random quality-control sample. The draw is the claim
 * id's hash, not Math.random: a re-driven or retried step draws the same, and an auditor can
 * recompute who was sampled.
 */
export function inQualitySample(claimId: string, samplePct: number): boolean {
  if (samplePct <= 0) return false;
  const draw = createHash('sha256').update(claimId).digest().readUInt32BE(0);
  // draw / 2^32 < pct / 100, in integers: draw × 100 < pct × 2^32 (exact below 2^53).
  return draw * 100 < samplePct * 2 ** 32;
}

/** Whether a stored result already applies exactly the clerk's line caps of the case. */
export function reflectsAdjustments(
  result: Pick<AdjudicationResult, 'lines'>,
  caps: readonly LineCap[] | undefined,
): boolean {
  const bySeq = new Map((caps ?? []).map((c) => [c.seq, c]));
  return result.lines.every((line) => {
    const cap = bySeq.get(line.seq);
    if (!cap) return line.adjustment === undefined;
    if (cap.allowedFen >= line.submittedFen) return line.adjustment === undefined;
    return line.adjustment?.allowedFen === cap.allowedFen && line.adjustment.reason === cap.reason;
  });
}
