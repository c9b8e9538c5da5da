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
 */
export async function yearTotalsOf(claim: Pick<ClaimCase, 'insured' | 'visit'>): Promise<YearTotals> {
  const year = yearOf(claim.visit.serviceDate);
  const record = await deps('homeRegion').record(claim.insured.homeRegion, claim.insured.idNumberHash, year);
  const own = await deps('claims').accumulator(claim.insured.idNumberHash, year);
  return { own, totals: combinedTotals(record.yearToDate, own) };
}
