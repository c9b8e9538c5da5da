import { MetricUnit } from '@aws-lambda-powertools/metrics';
import canonicalize from 'canonicalize';
import { transferKeyOf, type PayoutRecord } from '../adapters/claim-store';
import { stepActor } from '../domain/audit-chain';
import { paidToCitizenFen } from '../domain/adjudication';
import { formatYuanSign } from '../domain/money';
import { appealAdjudication, appealFigures, appealOf, withAppeal } from './services/appeal-adjudication';
import { moveClaim } from './services/claim-moves';
import { deps } from './shared/dependencies';
import { reportPayout } from './home-region/payout-reports';
import {
  PayoutContentionError,
  contentionBackoff,
  payoutRecordFor,
  tierDifference,
  tierPartOf,
} from './services/payout-record';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { AppealStepInputSchema, type AppealStepInput } from './shared/step-inputs';

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
  if (claim.status === 'APPEALED') {
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
    if (claim.status !== 'APPEALED') return undefined;
    const appeal = appealOf(claim, appealNo);
    const computed = await appealAdjudication(claim, appeal);
    const figures = appealFigures(computed, undefined);
    const differenceFen = figures.differenceFen ?? 0;
    if (differenceFen <= 0) return undefined;
    // ReAdjudicateAppeal stored this very result unless the year's totals moved since: use it.
    const latest = await claims.latestAdjudication(claimId);
    const stored =
      latest &&
      latest.accumulatorVersion === computed.accumulator.version &&
      canonicalize(latest.result) === canonicalize(computed.result)
        ? latest
        : await claims.appendAdjudication(claimId, computed.result, computed.accumulator.version, actor);
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

export const handler = stepHandler(AppealStepInputSchema, payAppealDifference);
