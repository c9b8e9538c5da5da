import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { stepActor } from '../../domain/audit-chain';
import { appealAdjudication, appealFigures, appealOf, withAppeal } from './appeal-adjudication';
import { moveClaim } from './claim-moves';
import { appealNeedsSecondClerk } from '../../domain/second-pair-of-eyes';
import { deps } from '../shared/dependencies';
import { metrics } from '../shared/observability';
import { type AppealStepInput } from '../shared/step-inputs';

export interface ReAdjudicateAppealOutput {
  pays: boolean;
  /** An appealed rejection, or a difference above the maker-checker threshold: the workflow takes it to a clerk. */
  review: boolean;
  /** The difference waits for a clerk (and checker): their approval or rejection goes to PayAppealDifference. */
  differenceReview: boolean;
  differenceFen: number;
}

const actor = stepActor('ReAdjudicateAppeal');

/**
 * ReAdjudicateAppeal: the appealed claim adjudicated again (services/appeal-adjudication.ts), the
 * result stored as the next ADJ# and the difference recorded on the appeal, line by line. When
 * the new result pays no more than the claim was paid, the appeal is upheld as decided and the
 * claim is PAID again, with nothing clawed back; otherwise PayAppealDifference pays the rest.
 */
export const reAdjudicateAppeal = async ({
  claimId,
  appealNo,
}: AppealStepInput): Promise<ReAdjudicateAppealOutput> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  const appeal = appealOf(claim, appealNo);
  // Re-driven after the work was done: answer as then.
  if (appeal.status !== 'FILED' || claim.status !== 'APPEALED') {
    return {
      pays: appeal.status === 'PAID_DIFFERENCE',
      review: appeal.status === 'IN_REVIEW' || appeal.status === 'DIFFERENCE_IN_REVIEW',
      differenceReview: appeal.status === 'DIFFERENCE_IN_REVIEW',
      differenceFen: appeal.differenceFen ?? 0,
    };
  }
  const paidOn = await claims.payout(claimId);
  if (!paidOn) {
    // A rejected claim: nothing to re-price. A clerk looks at it with the citizen's reason, and
    // may run it again (retry: its bills are checked again, the duplicate guard taken again).
    const reasons = [
      {
        code: 'APPEAL_OF_REJECTION',
        zh: '申请人对不予支付的决定提出复核',
        en: 'the citizen appealed the rejection',
        detail: appeal.reason,
      },
      ...(claim.reasons ?? []),
    ];
    await claims.transition(
      claim,
      'APPEALED',
      { appeals: withAppeal(claim, { ...appeal, status: 'IN_REVIEW' }), reasons },
      [],
      {
        actor,
      },
    );
    return { pays: false, review: true, differenceReview: false, differenceFen: 0 };
  }
  const computed = await appealAdjudication(claim, appeal);
  const paidAdjudication = paidOn && (await claims.adjudication(claimId, paidOn.adjudicationSeq));
  await claims.appendAdjudication(claimId, computed.result, computed.accumulator.version, actor);
  const figures = appealFigures(computed, paidAdjudication?.result);
  const differenceFen = figures.differenceFen ?? 0;
  const review = appealNeedsSecondClerk({
    differenceFen,
    newBenefitFen: computed.result.benefitFen,
    secondClerkAboveFen: computed.policy.review.secondClerkAboveFen,
    paidDecisionChecked: Boolean(claim.decision?.checkedBy),
  });
  if (review) {
    // Like any decision above the threshold: a clerk approves (or upholds), another checks.
    await claims.transition(
      claim,
      'APPEALED',
      { appeals: withAppeal(claim, { ...appeal, ...figures, status: 'DIFFERENCE_IN_REVIEW' }) },
      [],
      { actor },
    );
    metrics.addMetric('AppealDifferencesToClerk', MetricUnit.Count, 1);
    return { pays: false, review: true, differenceReview: true, differenceFen };
  }
  const pays = differenceFen > 0;
  if (pays) {
    await claims.transition(
      claim,
      'APPEALED',
      { appeals: withAppeal(claim, { ...appeal, ...figures }) },
      [],
      {
        actor,
      },
    );
  } else {
    const upheld = {
      ...appeal,
      ...figures,
      status: 'UPHELD' as const,
      decidedAt: deps('now')().toISOString(),
    };
    await moveClaim(claim, 'PAID', { appeals: withAppeal(claim, upheld) }, [], {
      actor,
      action: 'appeal.decided',
    });
    metrics.addMetric('AppealsUpheld', MetricUnit.Count, 1);
  }
  return { pays, review: false, differenceReview: false, differenceFen };
};
