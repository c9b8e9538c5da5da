import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { StoredNotification } from '../adapters/claim-store';
import { answerRefusal, answeredOnTime } from '../domain/ratings';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireVisibleClaim } from './shared/auth';
import { deliverNotification } from './services/notification-delivery';
import { ratingView } from './views/case-record-views';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { conflict, HttpError } from './shared/http-errors';
import { logger, metrics } from './shared/observability';

const route = API_ROUTES.AnswerFollowUp;

/** The clerks who decided the claim, checked a decision or proposed one (the case and its history). */
async function clerksWhoDecided(claimId: string, decision?: { clerkId: string; checkedBy?: string }) {
  const trail = await deps('claims').history.auditTrail(claimId);
  const fromHistory = trail.entries
    .filter((e) => e.actor.role === 'clerk' && e.action.startsWith('decision.'))
    .map((e) => e.actor.sub);
  return [...fromHistory, ...(decision ? [decision.clerkId, decision.checkedBy ?? ''] : [])].filter(Boolean);
}

/**
 * POST /claims/{claimId}/follow-up: a clerk of the claim's region answers the follow-up a bad
 * rating opened, once; the citizen reads the answer on their claim page. The clerk who decided
 * or checked the claim may not answer (403 decided_by_you, domain/ratings.ts answerRefusal): the
 * complaint is checked by someone else. Whether it was answered on time (by the due date, China
 * time) is recorded with it.
 */
export const answerFollowUp = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const request = parseBody(event, route.request.body);
  const claims = deps('claims');
  const claim = requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const refusal = answerRefusal(await clerksWhoDecided(claimId, claim.decision), caller.sub);
  if (refusal) throw new HttpError(403, 'decided_by_you', refusal);
  const now = deps('now')();
  const rating = await claims.rating(claim.insured.homeRegion, claimId);
  if (!rating?.followUp) throw conflict('no_follow_up', `claim ${claimId} has no follow-up to answer`);
  // The citizen is told in the answer's own transaction (their inbox), then through the notifier.
  const notification: StoredNotification = {
    claimId,
    recipient: claim.insured.idNumberHash,
    status: claim.status,
    at: now.toISOString(),
    zh: `您对报销申请 ${claimId} 的评价已有回复，请在申请页面查看。`,
    en: `Your rating of claim ${claimId} has been answered; see the claim page.`,
  };
  const outcome = await claims.citizens.answerFollowUp(
    claim,
    {
      text: request.answer,
      clerkId: caller.sub,
      at: now.toISOString(),
      onTime: answeredOnTime(rating.followUp, now),
    },
    { role: 'clerk', sub: caller.sub },
    notification,
    [claims.notificationOutbox.item(notification)],
  );
  if (outcome.kind === 'no_follow_up')
    throw conflict('no_follow_up', `claim ${claimId} has no follow-up to answer`);
  if (outcome.kind === 'already_answered') {
    throw conflict('already_answered', `the follow-up of claim ${claimId} was answered already`);
  }
  // Sent through the outbox like a status move's: a failure leaves it pending for the drain.
  await deliverNotification(notification).catch((error: unknown) =>
    logger.warn('follow-up answer kept in the inbox, not pushed', {
      claimId,
      error: (error as Error).name,
    }),
  );
  const answer = outcome.rating.followUp?.answer;
  metrics.addMetric('RatingFollowUpsAnswered', MetricUnit.Count, 1);
  if (answer && !answer.onTime) metrics.addMetric('RatingFollowUpsAnsweredLate', MetricUnit.Count, 1);
  logger.info('rating follow-up answered', { claimId, onTime: answer?.onTime });
  return json(200, ratingView(outcome.rating, now));
});

export const handler = answerFollowUp;
