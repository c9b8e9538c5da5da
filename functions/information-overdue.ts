import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { stepActor } from '../domain/audit-chain';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';

/**
 * InformationOverdue: the citizen did not answer a clerk's question by its deadline. The reason
 * is stored on the case, the token taken off (an answer arriving now finds nothing waiting),
 * and RecordRejection closes the claim with it.
 */
export const informationOverdue = async ({ claimId }: ClaimStepInput): Promise<{ closed: true }> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  const deadline = claim.infoRequest?.deadline ?? 'the deadline';
  const reasons = [
    {
      code: 'INFORMATION_NOT_PROVIDED',
      zh: `未在期限（${deadline}）内补充经办人员要求的材料，申请终止办理`,
      en: `the information a clerk asked for was not given by ${deadline}; the claim is closed`,
    },
  ];
  await claims.update(claim, { reasons }, ['taskToken'], {
    actor: stepActor('InformationOverdue'),
  });
  metrics.addMetric('InformationRequestsTimedOut', MetricUnit.Count, 1);
  return { closed: true };
};

export const handler = stepHandler(ClaimStepInputSchema, informationOverdue);
