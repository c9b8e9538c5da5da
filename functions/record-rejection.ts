import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { billKeyOf } from '../domain/bill-key';
import { ClaimRejected } from '../events/claim-events';
import { closeReopenedAppeal } from './services/appeal-adjudication';
import { deps } from './shared/dependencies';
import { logger, metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';
import { moveClaim } from './services/claim-moves';

/**
 * RecordRejection: the claim ends REJECTED with the reasons that earlier steps (eligibility,
 * verification, a clerk) stored on it. Bills this claim held the duplicate guard for are let
 * go, since they were not reimbursed; a guard another claim holds is untouched.
 */
const actor = stepActor('RecordRejection');

export const recordRejection = async ({ claimId }: ClaimStepInput): Promise<{ reasonCodes: string[] }> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  const reasonCodes = (claim.reasons ?? []).map((r) => r.code);
  if (claim.status === 'REJECTED') return { reasonCodes };

  for (const bill of await claims.eBills(claimId)) await claims.releaseBill(billKeyOf(bill), claimId);
  const appeal = closeReopenedAppeal(claim, 'upheld', deps('now')().toISOString());
  const rejected = await moveClaim(claim, 'REJECTED', appeal, ['taskToken'], { actor });
  const at = rejected.updatedAt;
  await deps('events').publish([
    ClaimRejected.event({ claimId, reasonCodes: reasonCodes.length > 0 ? reasonCodes : ['UNSPECIFIED'], at }),
  ]);
  metrics.addMetric('ClaimsRejected', MetricUnit.Count, 1);
  logger.info('claim rejected', { claimId, reasonCodes });
  return { reasonCodes };
};

export const handler = stepHandler(ClaimStepInputSchema, recordRejection);
