import type { Accumulator } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import type { YearToDateTotals } from '../../domain/claim-adjudication';
import { yearOf } from '../../domain/dates';
import { combinedTotals } from '../../domain/home-region';
import { deps } from '../shared/dependencies';

/** The year's totals a claim is decided on, and crossclaim's own accumulator behind them. */
export interface YearTotals {
  /** crossclaim's own payouts this year (versioned: the payout transaction conditions on it). */
  own: Accumulator;
  /** Every channel: the home region's figures plus own payouts it has not counted yet. */
  totals: YearToDateTotals;
}

/**
 * Reads the home region's totals first, then crossclaim's own: every payout the home region
 * lists as counted was recorded before it was reported, so it is in the own accumulator read
 * after, and is subtracted there, never counted twice nor missed (domain/home-region.ts).
 *
 * `own`, when given, was read before (PayOut reads it with the payout in one request): then a
 * payout recorded between that read and the home region's answer may be counted by the home
 * region and missing from `own`, but it also moved the accumulator's version, so the payout
 * transaction, conditional on the version `own` was read at, fails and PayOut reads again.
 */
export async function yearTotalsOf(
  claim: Pick<ClaimCase, 'insured' | 'visit'>,
  own?: Accumulator,
): Promise<YearTotals> {
  const year = yearOf(claim.visit.serviceDate);
  const record = await deps('homeRegion').record(claim.insured.homeRegion, claim.insured.idNumberHash, year);
  const ownNow = own ?? (await deps('claims').accumulator(claim.insured.idNumberHash, year));
  return { own: ownNow, totals: combinedTotals(record.yearToDate, ownNow) };
}
