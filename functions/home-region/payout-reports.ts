import type { PayoutRecord } from '../../adapters/claim-store';
import { transferKeyOf } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import type { SettlementReport } from '../../domain/home-region';
import { fundPartOf } from '../../domain/payouts';
import type { TransactItem } from '../../adapters/claims/audited-writes';
import { deps } from '../shared/dependencies';
import { logger } from '../shared/observability';

/** The report of one payout to the home region, keyed like the bank transfer. */
export function settlementReportFor(claim: ClaimCase, payout: PayoutRecord): SettlementReport {
  return {
    key: transferKeyOf(payout),
    idNumberHash: claim.insured.idNumberHash,
    homeRegion: claim.insured.homeRegion,
    claimId: claim.claimId,
    serviceDate: claim.visit.serviceDate,
    careType: payout.careType,
    fundPaidFen: fundPartOf(payout),
    deductibleFen: payout.deductibleAppliedFen ?? 0,
    seriousIllnessFen: payout.seriousIllnessFen ?? 0,
    seriousIllnessBaseFen: payout.seriousIllnessBaseFen ?? 0,
    // What the own accumulator counted for it: a stay, unless it is an appeal's difference.
    admission: payout.careType === 'inpatient' && payout.appealNo === undefined,
  };
}

/**
 * Puts a recorded payout's report in the outbox (unless its payout transaction did: `enqueued`)
 * and tries to deliver it at once. A home region that does not answer leaves the report pending
 * for the next drain: the claim is paid either way, and the report is sent later, never lost and
 * never counted twice.
 *
 * With `markSentLater`, a delivered report is not marked sent here: the caller gets the marking as
 * transaction items for a write it makes anyway (PayOut's move to PAID), or undefined if the
 * report was not delivered. Until that write, the report stays pending, and a drain in between
 * sends it again, which the home region counts once (by key).
 */
export async function reportPayout(
  claim: ClaimCase,
  payout: PayoutRecord,
  { enqueued = false, markSentLater = false }: { enqueued?: boolean; markSentLater?: boolean } = {},
): Promise<TransactItem[] | undefined> {
  const report = settlementReportFor(claim, payout);
  const outbox = deps('payoutReports');
  if (!enqueued) await outbox.enqueue(report, deps('now')().toISOString());
  try {
    await deps('homeRegion').reportSettlement(report);
    const at = deps('now')().toISOString();
    if (markSentLater) return outbox.markSentItems(report.key, at);
    await outbox.markSent(report.key, at);
  } catch (error) {
    logger.warn('payout report left pending for the next drain', {
      claimId: claim.claimId,
      error: (error as Error).name,
    });
  }
  return undefined;
}

/** The marking reportPayout handed back, written on its own (no move to carry it). */
export async function markReportSent(items: TransactItem[]): Promise<void> {
  await deps('payoutReports').writeItems(items);
}

/** The report's pending item, to be written in the transaction that records its payout. */
export function payoutReportItem(claim: ClaimCase, payout: PayoutRecord) {
  return deps('payoutReports').enqueueItem(settlementReportFor(claim, payout), deps('now')().toISOString());
}

async function deliver(report: SettlementReport): Promise<void> {
  await deps('homeRegion').reportSettlement(report);
  await deps('payoutReports').markSent(report.key, deps('now')().toISOString());
}

/**
 * Sends every pending report (after a restart, or once the home region is back). Each is
 * delivered on its own: one that fails stays pending and does not hold the others up.
 */
export async function drainPayoutReports(): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const { report } of await deps('payoutReports').pending()) {
    try {
      await deliver(report);
      sent += 1;
    } catch (error) {
      failed += 1;
      logger.warn('payout report still pending', { key: report.key, error: (error as Error).name });
    }
  }
  return { sent, failed };
}
