import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { ClaimConflictError } from '../adapters/claim-store';
import { InformationAnswerSchema } from '../domain/claim';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireVisibleClaim } from './shared/auth';
import { announceStatusChange } from './services/claim-moves';
import { isStaleToken } from './shared/task-tokens';
import { requireOwnReceiptImages } from './shared/receipt-image-ownership';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { conflict, HttpError } from './shared/http-errors';
import { metrics } from './shared/observability';

const route = API_ROUTES.AnswerInformation;

/**
 * POST /claims/{claimId}/information: the citizen answers a clerk's question. The answer is
 * stored on the case (it is the citizen's own words; the history keeps only that it came) and
 * the workflow resumes: the case goes back to the clerk who asked. An answer after the
 * deadline, or to a claim not asking, is 409 and stores nothing.
 */
export const answerInformation = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const answer = parseBody(event, InformationAnswerSchema);
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
  await requireOwnReceiptImages(caller.sub, answer.receiptImages);
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
      { actor: { role: 'citizen', sub: caller.sub }, action: 'info.answered' },
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
  return json(202, { claimId, status: answered.status });
});

export const handler = answerInformation;
