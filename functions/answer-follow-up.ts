import { API_ROUTES } from './api-routes';
import { requireVisibleClaim } from './shared/auth';
import { answerFollowUpOf } from './services/follow-up-answers';
import { ratingView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * POST /claims/{claimId}/follow-up: a clerk of the claim's region answers the follow-up a bad
 * rating opened, once; the citizen reads the answer on their claim page. The clerk who decided
 * or checked the claim may not answer (403 decided_by_you): the complaint is checked by someone
 * else. Whether it was answered on time (by the due date, China time) is recorded with it
 * (functions/services/follow-up-answers.ts).
 */
export const answerFollowUp = routeHandler(
  API_ROUTES.AnswerFollowUp,
  async ({ caller, params: { claimId }, body }) => {
    const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));
    const { rating, now } = await answerFollowUpOf(claim, body.answer, caller.sub);
    return json(200, ratingView(rating, now));
  },
);

export const handler = answerFollowUp;
