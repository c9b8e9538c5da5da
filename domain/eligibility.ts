import type { ClaimCase, ClaimReason } from './claim';
import { daysBetween } from './dates';
import type { CompiledPolicy } from './policy';

/**
 * Whether a claim may go ahead at all, before anything is fetched: a policy of the home
 * region covers the date of treatment, the filing deadline has not passed, and the citizen
 * consented to fetching records from this hospital. Each failure is a reason a citizen reads.
 */
export function eligibilityReasons(
  claim: Pick<ClaimCase, 'insured' | 'visit' | 'consent' | 'hospitalCode'>,
  policy: CompiledPolicy | undefined,
  today: string,
): ClaimReason[] {
  const reasons: ClaimReason[] = [];
  if (!policy) {
    reasons.push({
      code: 'NO_POLICY',
      zh: '参保地在就医日期没有适用的报销政策',
      en: 'no policy of the home region covers the date of treatment',
      detail: `${claim.insured.homeRegion}/${claim.insured.scheme ?? '?'} on ${claim.visit.serviceDate}`,
    });
  } else {
    const elapsed = daysBetween(claim.visit.serviceDate, today);
    if (elapsed > policy.source.filingDeadlineDays) {
      reasons.push({
        code: 'FILING_DEADLINE_PASSED',
        zh: '已超过报销申请期限',
        en: 'the claim was filed after the deadline',
        detail: `${elapsed} days after treatment; the limit is ${policy.source.filingDeadlineDays}`,
      });
    }
    if (!policy.careTypes[claim.visit.careType]) {
      reasons.push({
        code: 'CARE_TYPE_NOT_COVERED',
        zh: '该政策不报销此类就医',
        en: `the policy does not cover ${claim.visit.careType} care`,
      });
    }
  }
  if (elapsedIsFuture(claim.visit.serviceDate, today)) {
    reasons.push({
      code: 'SERVICE_DATE_IN_FUTURE',
      zh: '就医日期晚于申请日期',
      en: 'the date of treatment is in the future',
    });
  }
  if (!claim.consent.fetchRecords || claim.consent.hospitalCode !== claim.hospitalCode) {
    reasons.push({
      code: 'NO_CONSENT',
      zh: '未授权向该医院调取票据和病历',
      en: 'no consent to fetch bills and records from this hospital',
    });
  }
  return reasons;
}

const elapsedIsFuture = (serviceDate: string, today: string): boolean => daysBetween(serviceDate, today) < 0;
