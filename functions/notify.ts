import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { formatYuanSign } from '../domain/money';
import { ClaimPaid } from '../events/claim-events';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';

/**
 * Notify: tells the citizen (a notice on the case, which the citizen's page and any push
 * channel read) and the rest of the system (Claim.Paid) that the claim is paid. Events carry
 * no personal data: the claim id and the amount.
 */
export const notify = async ({ claimId }: ClaimStepInput): Promise<{ notified: true }> => {
  const claims = deps('claims');
  const payout = await claims.payout(claimId);
  const amountFen = payout?.amountFen ?? 0;
  const at = deps('now')().toISOString();
  await claims.putDocument(
    claimId,
    'NOTICE',
    `PAID`,
    {
      at,
      zh: `您的异地就医报销已支付 ${formatYuanSign(amountFen)}。`,
      en: `Your claim was paid: ${formatYuanSign(amountFen)}.`,
    },
    stepActor('Notify'),
  );
  await deps('events').publish([ClaimPaid.event({ claimId, amountFen, at })]);
  metrics.addMetric('CitizensNotified', MetricUnit.Count, 1);
  return { notified: true };
};

export const handler = stepHandler(ClaimStepInputSchema, notify);
