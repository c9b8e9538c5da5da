import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { WaitingStepInputSchema, type WaitingStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';
import { moveClaim } from './services/claim-moves';

/**
 * ClerkReview (a `.waitForTaskToken` task): puts the case in its region's clerk queue with the
 * task token; a clerk's decision resumes the workflow with SendTaskSuccess. A case that got
 * here because a step failed stays FAILED (the queue shows why); others become IN_REVIEW.
 */
export const enqueueReview = async ({ claimId, taskToken }: WaitingStepInput): Promise<{ queued: true }> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  const status = claim.status === 'FAILED' ? 'FAILED' : 'IN_REVIEW';
  const queuedAt = claim.queuedAt ?? deps('now')().toISOString();
  // A fresh wait for a decision: a decision still on the case belongs to an earlier wait.
  await moveClaim(claim, status, { taskToken, queuedAt }, ['decision'], {
    actor: stepActor('EnqueueReview'),
  });
  metrics.addMetric('ClaimsSentToReview', MetricUnit.Count, 1);
  return { queued: true };
};

export const handler = stepHandler(WaitingStepInputSchema, enqueueReview);
