import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { ClaimConflictError } from '../../adapters/claim-store';
import type { ClaimCase, InformationAnswer } from '../../domain/claim';
import { deps } from '../shared/dependencies';
import { conflict, HttpError } from '../shared/http-errors';
import { metrics } from '../shared/observability';
import { isStaleToken } from '../shared/task-tokens';
import { announceStatusChange } from './claim-moves';

/**
 * The citizen's answer to a clerk's question (POST /claims/{claimId}/information): stored on the
 * case (it is the citizen's own words; the history keeps only that it came), the case back in
 * the queue for the clerk who asked, and the workflow resumed by its task token. An answer after
 * the deadline, or to a claim not asking, is 409 and stores nothing; a workflow that does not
 * take it puts the case back as it waited (409 if it stopped waiting, else 503), so the answer
 * can be sent again. Gives the case as it is now.
 */
export async function answerInformationOf(
  claim: ClaimCase,
  answer: InformationAnswer,
  citizen: string,
): Promise<ClaimCase> {
  const { claimId } = claim;
  if (claim.status !== 'WAITING_FOR_INFO' || !claim.taskToken || !claim.infoRequest) {
    throw conflict(
      'not_waiting_for_information',
      `claim ${claimId} is ${claim.status} and not waiting for an answer`,
    );
  }
  const now = deps('now')();
  if (now.toISOString() > claim.infoRequest.deadline) {
    throw conflict('deadline_passed', `the deadline ${claim.infoRequest.deadline} to answer has passed`);
  }
  const infoRequest = {
    ...claim.infoRequest,
    answer: answer.answer,
    answeredAt: now.toISOString(),
    ...(answer.receiptImages && { answerImageIds: answer.receiptImages.map((r) => r.imageId) }),
  };
  let answered;
  try {
    answered = await deps('claims').transition(
      claim,
      'IN_REVIEW',
      { infoRequest, queuedAt: now.toISOString() },
      ['taskToken'],
      { actor: { role: 'citizen', sub: citizen }, action: 'info.answered' },
    );
  } catch (error) {
    if (!(error instanceof ClaimConflictError)) throw error;
    throw conflict('claim_changed', `claim ${claimId} changed meanwhile; reload it`);
  }
  try {
    await deps('sfn').send(
      new SendTaskSuccessCommand({ taskToken: claim.taskToken, output: JSON.stringify({ answered: true }) }),
    );
  } catch (error) {
    // Put the case back as it waited, so the answer can be sent again.
    await deps('claims')
      .transition(
        answered,
        'WAITING_FOR_INFO',
        { infoRequest: claim.infoRequest, taskToken: claim.taskToken },
        [],
        {
          action: 'decision.withdrawn',
        },
      )
      .catch(() => undefined);
    if (isStaleToken(error)) {
      throw conflict('not_waiting_for_information', `the workflow of claim ${claimId} stopped waiting`);
    }
    throw new HttpError(503, 'workflow_unavailable', 'the answer was not recorded; try again shortly');
  }
  await announceStatusChange(claim, answered);
  metrics.addMetric('InformationAnswered', MetricUnit.Count, 1);
  return answered;
}
