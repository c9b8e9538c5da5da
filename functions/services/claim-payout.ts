import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ClaimPaid } from '../../events/claim-events';
import type { PayoutRecord } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import { paidToCitizenFen } from '../../domain/adjudication';
import { reflectsAdjustments } from '../../domain/claim-adjudication';
import { formatYuanSign } from '../../domain/money';
import { adjudicateClaim, policyOf, sameYearToDate } from './adjudication';
import { yearTotalsOf } from '../home-region/year-totals';
import { markReportSent, payoutReportItem, reportPayout } from '../home-region/payout-reports';
import { yearOf } from '../../domain/dates';
import { closeReopenedAppeal } from './appeal-adjudication';
import { deps } from '../shared/dependencies';
import { contentionBackoff, PayoutContentionError, payoutRecordFor, tierPartOf } from './payout-record';
import { logger, metrics } from '../shared/observability';
import { type ClaimStepInput } from '../shared/step-inputs';
import { stepActor } from '../../domain/audit-chain';
import { moveClaim } from './claim-moves';
import { needsSecondClerk, SecondClerkRequiredError } from '../../domain/second-pair-of-eyes';

export interface PayOutOutput {
  amountFen: number;
  bankReference: string | null;
}

const PAYABLE_FROM = new Set(['ADJUDICATED', 'APPROVED', 'IN_REVIEW']);
/** Concurrent claims of one insured person contend for the accumulator; each loss re-reads it. */
const MAX_ATTEMPTS = 20;
const MAX_BACKOFF_MS = 1000;

/**
 * PayOut: the payout record, the insured's annual accumulator and the case change in one
 * DynamoDB transaction, so a retried or concurrent PayOut pays once and the annual cap holds.
 * If another claim of the same person was paid since this one was adjudicated, the claim is
 * adjudicated again against the new totals first (a new ADJ#, with the cap applied). Then the
 * bank is instructed with the claim id as idempotency key, and the case becomes PAID.
 */
const actor = stepActor('PayOut');

export const payOut = async ({ claimId }: ClaimStepInput): Promise<PayOutOutput> => {
  const claims = deps('claims');
  const { payout, claim, reportEnqueued } = await recordPayout(claimId);
  let bankReference = payout.bankReference ?? null;
  let instructed: ReturnType<typeof claims.bankReferenceWrite> | undefined;
  if (payout.amountFen > 0 && !bankReference) {
    const receipt = await deps('payments').transfer({
      idempotencyKey: claimId,
      amountFen: payout.amountFen,
      bankAccount: payout.bankAccount,
      accountName: payout.accountName,
      reference: `crossclaim ${claimId} ${formatYuanSign(payout.amountFen)}`,
    });
    bankReference = receipt.bankReference;
    instructed = claims.bankReferenceWrite(claimId, bankReference, actor);
  }
  // Enqueued with the payout; a payout recorded by an earlier run (or before reports were part of
  // its transaction) is enqueued here, once by key. Before PAID: a crash re-runs this.
  const reportSent = await reportPayout(claim, payout, { enqueued: reportEnqueued, markSentLater: true });
  if (claim.status !== 'PAID') {
    // PAID only now, with the bank's reference in the same transaction: a payout recorded but
    // not yet instructed (a crash in between) is not paid, and the re-run of this step sends the
    // (idempotent) instruction again and gets the same reference.
    const appeal = closeReopenedAppeal(claim, { paidFen: payout.amountFen }, deps('now')().toISOString());
    await moveClaim(
      claim,
      'PAID',
      { benefitFen: payout.amountFen, ...appeal },
      ['taskToken'],
      { actor },
      {
        // The bank's reference (with its history entry) and the report marked sent, if it was.
        items: () => [...(instructed ? [instructed.item] : []), ...(reportSent ?? [])],
        ...(instructed && { entries: [instructed.entry] }),
      },
    );
    metrics.addMetric('ClaimsPaid', MetricUnit.Count, 1);
    metrics.addMetric('PaidFen', MetricUnit.Count, payout.amountFen);
  } else {
    // Paid before without its reference (never so now that PAID carries it): stored on its own.
    if (instructed && bankReference) await claims.setBankReference(claimId, bankReference, actor);
    if (reportSent) await markReportSent(reportSent);
  }
  await announcePaid(claimId, payout.amountFen);
  return { amountFen: payout.amountFen, bankReference };
};

/**
 * Claim.Paid for the rest of the system (what the Notify step did after PayOut, with a read of
 * the payout this step has in hand). The citizen was told by the move to PAID. A failed
 * publication does not undo a payment nor fail the step: it is logged, as Notify's Catch did.
 */
async function announcePaid(claimId: string, amountFen: number): Promise<void> {
  const at = deps('now')().toISOString();
  await deps('events')
    .publish([ClaimPaid.event({ claimId, amountFen, at })])
    .catch((error: unknown) =>
      logger.warn('Claim.Paid not published', { claimId, error: (error as Error).name }),
    );
}

/**
 * The claim's payout, recorded now or before, and the case as it stands after it. A payout
 * recorded now has its home-region report enqueued in the same transaction (`reportEnqueued`).
 */
async function recordPayout(
  claimId: string,
): Promise<{ payout: PayoutRecord; claim: ClaimCase; reportEnqueued: boolean }> {
  const claims = deps('claims');
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const folder = await claims.readFolder(claimId, { forChangeFrom: PAYABLE_FROM });
    const { claim } = folder;
    const { payout: existing, accumulator } = await claims.payoutAndAccumulator(
      claimId,
      claim.insured.idNumberHash,
      yearOf(claim.visit.serviceDate),
    );
    if (existing) return { payout: existing, claim, reportEnqueued: false };
    if (!PAYABLE_FROM.has(claim.status)) throw new Error(`claim ${claimId} is ${claim.status}, not payable`);
    // The accumulator was read before the home region's record: the transaction below is
    // conditional on its version, which is what makes that safe (year-totals.ts).
    const year = await yearTotalsOf(claim, accumulator);
    let adjudication = folder.latestAdjudication;
    if (!adjudication) throw new Error(`claim ${claimId} was never adjudicated`);
    // Again when the year's totals moved since (crossclaim's own payouts, or any other channel
    // the home region counts), or a clerk adjusted lines after it was computed.
    if (
      adjudication.accumulatorVersion !== accumulator.version ||
      !sameYearToDate(adjudication.result, year.totals, claim.visit.careType) ||
      !reflectsAdjustments(adjudication.result, claim.adjustments)
    ) {
      const seenFen = paidToCitizenFen(adjudication.result);
      const policy = policyOf(claim);
      adjudication = await adjudicateClaim(claim, policy, year, actor);
      const nowFen = paidToCitizenFen(adjudication.result);
      const { secondClerkAboveFen } = policy.review;
      if (
        needsSecondClerk({
          seenFen,
          nowFen,
          secondClerkAboveFen,
          checked: Boolean(claim.decision?.checkedBy),
        })
      )
        throw new SecondClerkRequiredError(
          `claim ${claimId}: re-adjudicated at ${nowFen} fen, above ${secondClerkAboveFen}: a second clerk must check`,
        );
      logger.info('totals or adjustments changed since adjudication; adjudicated again', {
        claimId,
        seq: adjudication.seq,
      });
    }
    const { result } = adjudication;
    const payout = payoutRecordFor(
      claim,
      paidToCitizenFen(result),
      adjudication.seq,
      undefined,
      tierPartOf(result),
    );
    const outcome = await claims.recordPayout({
      claim,
      accumulator,
      deductibleAppliedFen: result.deductibleFen,
      actor,
      payout,
      beside: [payoutReportItem(claim, { ...payout, deductibleAppliedFen: result.deductibleFen })],
    });
    if (outcome.kind === 'recorded') {
      // As stored (the report's deductible is the one applied), so the report sent is the one enqueued.
      const stored = { ...outcome.payout, deductibleAppliedFen: result.deductibleFen };
      return { payout: stored, claim: outcome.claim, reportEnqueued: true };
    }
    if (outcome.kind === 'already_paid')
      return { payout: outcome.payout, claim: await claims.get(claimId), reportEnqueued: false };
    metrics.addMetric('PayoutConflicts', MetricUnit.Count, 1);
    // Lost the race for the accumulator: back off a random while (full jitter) before reading it
    // again, so that many claims of one person do not keep colliding in lockstep.
    await contentionBackoff(attempt, MAX_BACKOFF_MS);
  }
  throw new PayoutContentionError(
    `claim ${claimId}: the annual totals kept changing; ${MAX_ATTEMPTS} attempts`,
  );
}
