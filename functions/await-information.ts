import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { stepActor } from '../domain/audit-chain';
import { moveClaim } from './services/claim-moves';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { WaitingStepInputSchema, type WaitingStepInput } from './shared/step-inputs';

/**
 * WaitForInformation (a `.waitForTaskToken` task): a clerk asked the citizen a question. The
 * case waits as WAITING_FOR_INFO with the task token, out of the clerk queue, until the citizen
 * answers (POST /claims/{id}/information resumes it) or the deadline passes (the state's
 * timeout, taken from the clerk's request, closes the claim through InformationOverdue).
 */
export const awaitInformation = async ({
  claimId,
  taskToken,
}: WaitingStepInput): Promise<{ waiting: true }> => {
  const claim = await deps('claims').get(claimId);
  await moveClaim(claim, 'WAITING_FOR_INFO', { taskToken }, ['queuedAt'], {
    actor: stepActor('AwaitInformation'),
  });
  metrics.addMetric('InformationRequested', MetricUnit.Count, 1);
  return { waiting: true };
};

export const handler = stepHandler(WaitingStepInputSchema, awaitInformation);
