import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ClaimPaid } from '../events/claim-events';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';

/**
 * Notify: tells the rest of the system (Claim.Paid) that the claim is paid. The citizen was told
 * already, by PayOut's move to PAID (functions/services/claim-moves.ts: their notification list
 * and the notifier), so this step writes nothing to the case. Events carry no personal data:
 * the claim id and the amount.
 */
export const notify = async ({ claimId }: ClaimStepInput): Promise<{ notified: true }> => {
  const claims = deps('claims');
  const payout = await claims.payout(claimId);
  const amountFen = payout?.amountFen ?? 0;
  const at = deps('now')().toISOString();
  await deps('events').publish([ClaimPaid.event({ claimId, amountFen, at })]);
  metrics.addMetric('CitizensNotified', MetricUnit.Count, 1);
  return { notified: true };
};

export const handler = stepHandler(ClaimStepInputSchema, notify);
