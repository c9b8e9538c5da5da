import { MetricUnit } from '@aws-lambda-powertools/metrics';
import canonicalize from 'canonicalize';
import { transferKeyOf, type PayoutRecord } from '../../adapters/claim-store';
import { stepActor } from '../../domain/audit-chain';
import { paidToCitizenFen } from '../../domain/adjudication';
import { formatYuanSign } from '../../domain/money';
import type { Appeal, ClaimCase } from '../../domain/claim';
import {
  appealNeedsSecondClerk,
  needsSecondClerk,
  SecondClerkRequiredError,
} from '../../domain/second-pair-of-eyes';
import {
  appealAdjudication,
  appealFigures,
  appealOf,
  withAppeal,
  type AppealAdjudication,
} from './appeal-adjudication';
import { moveClaim } from './claim-moves';
import { deps } from '../shared/dependencies';
import { reportPayout } from '../home-region/payout-reports';
import {
  PayoutContentionError,
  contentionBackoff,
  payoutRecordFor,
  tierDifference,
  tierPartOf,
} from './payout-record';
import { metrics } from '../shared/observability';
import { type AppealStepInput } from '../shared/step-inputs';

const actor = stepActor('PayAppealDifference');
const MAX_ATTEMPTS = 20;

/**
 * PayAppealDifference: pays what the appeal's re-adjudication pays beyond what the claim was
 * already paid — once. The difference is its own payout record (PAYOUT#<claim> / PAYOUT#APPEAL#n,
 * written once, in one transaction with the year's accumulator and the case, like PayOut's),
 * and the bank instruction carries the appeal's own idempotency key. The difference is computed
 * again inside that loop, so a change to the year's totals since ReAdjudicateAppeal is honoured.
 */
export const payAppealDifference = async ({ claimId, appealNo }: AppealStepInput) => {
  const claims = deps('claims');
  const before = await claims.get(claimId);
  if (clerkUpheld(before, appealNo)) {
    await upholdAppeal(before, appealNo);
    return { amountFen: 0 };
  }
  const payout = await recordDifference(claimId, appealNo);
  if (payout && payout.amountFen > 0 && !payout.bankReference) {
    const receipt = await deps('payments').transfer({
      idempotencyKey: transferKeyOf(payout),
      amountFen: payout.amountFen,
      bankAccount: payout.bankAccount,
      accountName: payout.accountName,
      reference: `crossclaim ${claimId} appeal ${appealNo} ${formatYuanSign(payout.amountFen)}`,
    });
    await claims.setBankReference(claimId, receipt.bankReference, actor, appealNo);
  }
  const claim = await claims.get(claimId);
  if (payout) await reportPayout(claim, payout);
  const appeal = appealOf(claim, appealNo);
  if (claim.status === 'APPEALED' || (claim.status === 'APPROVED' && clerkApproved(claim, appeal))) {
    const decided = { ...appeal, status: 'PAID_DIFFERENCE' as const, decidedAt: deps('now')().toISOString() };
    await moveClaim(claim, 'PAID', { appeals: withAppeal(claim, decided) }, [], {
      actor,
      action: 'appeal.decided',
    });
    metrics.addMetric('AppealDifferencesPaid', MetricUnit.Count, 1);
  }
  return { amountFen: payout?.amountFen ?? 0 };
};

async function recordDifference(claimId: string, appealNo: number): Promise<PayoutRecord | undefined> {
  const claims = deps('claims');
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing = await claims.payout(claimId, appealNo);
    if (existing) return existing;
    const claim = await claims.get(claimId);
    if (!PAYING_FROM.has(claim.status)) return undefined;
    const appeal = appealOf(claim, appealNo);
    if (claim.status === 'APPROVED' && !clerkApproved(claim, appeal)) return undefined;
    const computed = await appealAdjudication(claim, appeal);
    const figures = appealFigures(computed, undefined);
    const differenceFen = figures.differenceFen ?? 0;
    if (differenceFen <= 0) return undefined;
    // ReAdjudicateAppeal stored this very result unless the year's totals moved since: use it.
    const latest = await claims.latestAdjudication(claimId);
    const seenFen = latest?.result.benefitFen ?? 0;
    const stored =
      latest &&
      latest.accumulatorVersion === computed.accumulator.version &&
      canonicalize(latest.result) === canonicalize(computed.result)
        ? latest
        : await claims.appendAdjudication(claimId, computed.result, computed.accumulator.version, actor);
    await requireSecondClerkIfNeeded(claim, { ...appeal, ...figures }, computed, seenFen);
    const outcome = await claims.recordPayout({
      claim,
      accumulator: computed.accumulator,
      deductibleAppliedFen: computed.result.deductibleFen - computed.deductibleCountedFen,
      actor,
      appeal: {
        benefitTotalFen: paidToCitizenFen(computed.result),
        changes: {
          appeals: withAppeal(claim, {
            ...appeal,
            ...figures,
            lineDifferences: appeal.lineDifferences ?? figures.lineDifferences,
          }),
        },
      },
      payout: payoutRecordFor(
        claim,
        differenceFen,
        stored.seq,
        appealNo,
        tierDifference(tierPartOf(computed.result), computed.tierCounted),
      ),
    });
    if (outcome.kind === 'recorded' || outcome.kind === 'already_paid') return outcome.payout;
    metrics.addMetric('PayoutConflicts', MetricUnit.Count, 1);
    await contentionBackoff(attempt);
  }
  throw new PayoutContentionError(`claim ${claimId} appeal ${appealNo}: the annual totals kept changing`);
}

/** APPEALED: paid without a clerk (under the threshold); APPROVED: a clerk (and checker) approved it. */
const PAYING_FROM = new Set(['APPEALED', 'APPROVED']);

const clerkApproved = (claim: ClaimCase, appeal: Appeal) =>
  appeal.status === 'DIFFERENCE_IN_REVIEW' && claim.decision?.decision === 'approve';

const clerkUpheld = (claim: ClaimCase, appealNo: number) =>
  appealOf(claim, appealNo).status === 'DIFFERENCE_IN_REVIEW' && claim.decision?.decision === 'reject';

/** The clerk rejected the difference: the appeal is upheld as decided, nothing more is paid. */
async function upholdAppeal(claim: ClaimCase, appealNo: number): Promise<void> {
  const upheld = {
    ...appealOf(claim, appealNo),
    status: 'UPHELD' as const,
    decidedAt: deps('now')().toISOString(),
  };
  await moveClaim(claim, 'PAID', { appeals: withAppeal(claim, upheld) }, [], {
    actor,
    action: 'appeal.decided',
  });
  metrics.addMetric('AppealsUpheld', MetricUnit.Count, 1);
}

/**
 * Maker-checker at the moment of paying, as PayOut does: a difference that now needs a second
 * clerk (it was computed again: the year's totals moved) is not paid without one. The appeal is
 * marked for a clerk and SecondClerkRequired sends the case to the queue (RecordFailure), where
 * approving it takes the clerk and checker and comes back here.
 */
async function requireSecondClerkIfNeeded(
  claim: ClaimCase,
  appeal: Appeal,
  computed: AppealAdjudication,
  seenFen: number,
): Promise<void> {
  const { secondClerkAboveFen } = computed.policy.review;
  const newBenefitFen = computed.result.benefitFen;
  const checked = Boolean(claim.decision?.checkedBy);
  const needed = clerkApproved(claim, appeal)
    ? needsSecondClerk({ seenFen, nowFen: newBenefitFen, secondClerkAboveFen, checked })
    : appealNeedsSecondClerk({
        differenceFen: appeal.differenceFen ?? 0,
        newBenefitFen,
        secondClerkAboveFen,
        paidDecisionChecked: checked,
      });
  if (!needed) return;
  if (appeal.status !== 'DIFFERENCE_IN_REVIEW') {
    await deps('claims').transition(
      claim,
      claim.status,
      { appeals: withAppeal(claim, { ...appeal, status: 'DIFFERENCE_IN_REVIEW' }) },
      [],
      { actor },
    );
  }
  throw new SecondClerkRequiredError(
    `claim ${claim.claimId} appeal ${appeal.appealNo}: ${newBenefitFen} fen, above ${secondClerkAboveFen}: a second clerk must check`,
  );
}
