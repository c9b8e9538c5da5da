import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ReviewEscalated } from '../events/review-events';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';

/**
 * EscalateReview: a case waited for a clerk past the review timeout. It is flagged (the
 * supervisor's queue shows flagged cases first) and Review.Escalated is published; the
 * workflow then goes back to waiting for a decision.
 */
export const escalateReview = async ({ claimId }: ClaimStepInput): Promise<{ escalated: true }> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  const at = deps('now')().toISOString();
  // The wait timed out, so a decision on the case now did not resume it: it is dropped (the
  // history keeps it), or a retried request would take it for one already carried out.
  await claims.update(claim, { escalatedAt: at }, ['taskToken', 'decision'], {
    actor: stepActor('EscalateReview'),
  });
  await deps('events').publish([
    ReviewEscalated.event({
      claimId,
      region: claim.insured.homeRegion,
      waitingSince: claim.queuedAt ?? at,
      at,
    }),
  ]);
  metrics.addMetric('ReviewsEscalated', MetricUnit.Count, 1);
  return { escalated: true };
};

export const handler = stepHandler(ClaimStepInputSchema, escalateReview);
