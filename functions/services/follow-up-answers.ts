import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { StoredNotification, StoredRating } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import { answerRefusal, answeredOnTime } from '../../domain/ratings';
import { deps } from '../shared/dependencies';
import { conflict, HttpError } from '../shared/http-errors';
import { logger, metrics } from '../shared/observability';
import { deliverNotification } from './notification-delivery';

/** The clerks who decided the claim, checked a decision or proposed one (the case and its history). */
async function clerksWhoDecided(claimId: string, decision?: { clerkId: string; checkedBy?: string }) {
  const trail = await deps('claims').history.auditTrail(claimId);
  const fromHistory = trail.entries
    .filter((e) => e.actor.role === 'clerk' && e.action.startsWith('decision.'))
    .map((e) => e.actor.sub);
  return [...fromHistory, ...(decision ? [decision.clerkId, decision.checkedBy ?? ''] : [])].filter(Boolean);
}

/**
 * A clerk's answer to the follow-up a bad rating opened (POST /claims/{claimId}/follow-up), once.
 * The clerk who decided or checked the claim may not answer (403 decided_by_you,
 * domain/ratings.ts answerRefusal): the complaint is checked by someone else. Whether it came by
 * the due date (China time) is recorded with it, and the citizen is told in the answer's own
 * transaction (their inbox), then through the notifier. 409 no_follow_up or already_answered.
 */
export async function answerFollowUpOf(
  claim: ClaimCase,
  text: string,
  clerkId: string,
): Promise<{ rating: StoredRating; now: Date }> {
  const { claimId } = claim;
  const claims = deps('claims');
  const refusal = answerRefusal(await clerksWhoDecided(claimId, claim.decision), clerkId);
  if (refusal) throw new HttpError(403, 'decided_by_you', refusal);
  const now = deps('now')();
  const rating = await claims.rating(claim.insured.homeRegion, claimId);
  if (!rating?.followUp) throw conflict('no_follow_up', `claim ${claimId} has no follow-up to answer`);
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
    { text, clerkId, at: now.toISOString(), onTime: answeredOnTime(rating.followUp, now) },
    { role: 'clerk', sub: clerkId },
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
  return { rating: outcome.rating, now };
}
