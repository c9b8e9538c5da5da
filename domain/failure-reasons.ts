import type { ClaimReason } from './claim';
import type { ClaimStatus } from './claim-status';

/**
 * The reason a clerk reads for a failure the workflow knows the meaning of, beside the raw
 * error: today, a hospital that did not issue its e-bill within the policy's eBillWaitHours.
 * Other failures keep only the error and cause (the clerk sees those on the case).
 */
export function failureReason(error: string, atStatus: ClaimStatus): ClaimReason | undefined {
  if (error === 'States.Timeout' && atStatus === 'WAITING_FOR_EBILL') {
    return {
      code: 'EBILL_NOT_ISSUED_IN_TIME',
      zh: '医院未在规定时限内开具电子票据，请人工核实',
      en: 'the hospital did not issue the e-bill within the policy’s limit; a clerk must check',
    };
  }
  if (error === 'HomeRegionUnavailable') {
    return {
      code: 'HOME_REGION_UNAVAILABLE',
      zh: '参保地医保系统多次查询无响应，需经办人在其恢复后重试',
      en: 'the home region’s insurance system did not answer after retries; a clerk retries once it is back',
    };
  }
  return undefined;
}
