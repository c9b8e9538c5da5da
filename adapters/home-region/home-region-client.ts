import type { Catalogue } from '../../domain/catalogue';
import type { HomeRegionRecord, SettlementReport } from '../../domain/home-region';
import type { SourcedVisit } from '../../domain/visits';

/**
 * The home region's medical-insurance core system as crossclaim sees it: who is insured, under
 * which filing, what every channel has paid them this year, which catalogue decides an item's
 * category; and where crossclaim reports what it paid. The HTTP implementation talks to the
 * region's API (or the local simulator's); docs/home-region.md is the contract.
 *
 * Anything that is not a usable answer (timeout, refused connection, 5xx, a body that is not
 * what the contract promises) throws HomeRegionUnavailableError, whose `name` the state
 * machine's Retry matches: a claim waits, or goes to a clerk, and never proceeds on a guess.
 */
export interface HomeRegionClient {
  /** The person's record as of now, with the totals of `year`. Unknown people have enrolment null. */
  record(homeRegion: string, idNumberHash: string, year: number): Promise<HomeRegionRecord>;
  /** The catalogue version in force on `date`, or null when the region publishes none for it. */
  catalogue(homeRegion: string, date: string): Promise<Catalogue | null>;
  /** Reports one payout; the same key again is acknowledged without being counted twice. */
  reportSettlement(report: SettlementReport): Promise<{ counted: 'new' | 'already' }>;
  /**
   * The person's cross-province visits as the region recorded them (the national platform's
   * 异地就医 records), with their bills' totals and whether each was settled directly.
   */
  visits(homeRegion: string, idNumberHash: string): Promise<SourcedVisit[]>;
}

export class HomeRegionUnavailableError extends Error {
  override readonly name = 'HomeRegionUnavailable';
}
