import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { deps } from './shared/dependencies';
import { logger } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { WaitingStepInputSchema, type WaitingStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';
import { moveClaim } from './services/claim-moves';
import { attachOwnBills } from './shared/attach-bills';

/**
 * WaitForEBill (a `.waitForTaskToken` task): parks the claim as WAITING_FOR_EBILL with the
 * task token and its mark on the visit, for ingest-ebill to resume when the hospital issues the
 * bill. A bill that arrived between FetchDocuments and now is taken at once, so no event is lost to
 * the race.
 */
const actor = stepActor('AwaitEBill');

export const awaitEBill = async ({ claimId, taskToken }: WaitingStepInput): Promise<{ waiting: boolean }> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  // The wait and its mark on the visit in one write, then the visit's bills read: a bill put before
  // the mark is read here, one put after it meets the mark and resumes the claim (ingest-ebill).
  const parked = await moveClaim(
    claim,
    'WAITING_FOR_EBILL',
    { taskToken },
    [],
    { actor },
    { items: () => [claims.awaitOnVisitItem(claim.hospitalCode, claim.visit.visitNo, claimId)] },
  );
  const visitBills = await claims.visitEBills(parked.hospitalCode, parked.visit.visitNo);
  const arrived = await attachOwnBills(parked, visitBills, actor);
  if (arrived.length === 0) return { waiting: true };

  await deps('sfn').send(
    new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ claimId, billCount: arrived.length }) }),
  );
  logger.info('e-bill already arrived; resumed at once', { claimId, billCount: arrived.length });
  return { waiting: false };
};

export const handler = stepHandler(WaitingStepInputSchema, awaitEBill);
