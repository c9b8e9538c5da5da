import { API_ROUTES } from './api-routes';
import { requireVisibleClaim } from './shared/auth';
import { answerInformationOf } from './services/information-answers';
import { requireOwnReceiptImages } from './shared/receipt-image-ownership';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * POST /claims/{claimId}/information: the citizen answers a clerk's question, with images of
 * their own uploading only. The answer is stored on the case and the workflow resumes: the case
 * goes back to the clerk who asked. An answer after the deadline, or to a claim not asking, is
 * 409 and stores nothing (functions/services/information-answers.ts).
 */
export const answerInformation = routeHandler(
  API_ROUTES.AnswerInformation,
  async ({ caller, params: { claimId }, body }) => {
    const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
    await requireOwnReceiptImages(caller.sub, body.receiptImages);
    const answered = await answerInformationOf(claim, body, caller.sub);
    return json(202, { claimId, status: answered.status });
  },
);

export const handler = answerInformation;
