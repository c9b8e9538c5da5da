import { z } from 'zod';
import type { SourcedVisit } from '../../domain/visits';
import type { HomeRegionClient } from '../home-region/home-region-client';
import type { HospitalClient } from '../hospital-client';

/**
 * Where a citizen's visits come from (GET /my/visits, and POST /claims from a visit): the
 * deployment says which, with VISIT_SOURCE.
 *
 * - `home-region`: the home region's record of the person's cross-province visits (one call,
 *   every hospital; the citizen names nothing). The default.
 * - `hospitals`: the hospitals the citizen names are each asked for the person's visits there
 *   (a deployment whose home region keeps no such record).
 *
 * A source that does not answer throws its client's error (HospitalUnavailableError,
 * HomeRegionUnavailableError): the caller answers 503, nothing is guessed.
 */
export const VISIT_SOURCES = ['home-region', 'hospitals'] as const;
export const VisitSourceKindSchema = z.enum(VISIT_SOURCES, {
  error: `VISIT_SOURCE must be one of ${VISIT_SOURCES.join(', ')}`,
});
export type VisitSourceKind = z.infer<typeof VisitSourceKindSchema>;

export interface VisitQuery {
  idNumberHash: string;
  homeRegion: string;
  /** The hospitals the citizen names (the `hospitals` source asks only these; at most a few). */
  hospitalCodes: readonly string[];
}

export interface VisitSource {
  readonly kind: VisitSourceKind;
  /** The person's visits, newest first. */
  visitsOf(query: VisitQuery): Promise<SourcedVisit[]>;
}

/** The home region's record: every cross-province visit, whatever hospitals are named. */
export function homeRegionVisitSource(homeRegion: HomeRegionClient): VisitSource {
  return {
    kind: 'home-region',
    visitsOf: ({ homeRegion: region, idNumberHash }) => homeRegion.visits(region, idNumberHash),
  };
}

/** The named hospitals, asked at once; one that does not answer fails the listing. */
export function hospitalsVisitSource(hospitals: HospitalClient): VisitSource {
  return {
    kind: 'hospitals',
    async visitsOf({ idNumberHash, hospitalCodes }) {
      const each = await Promise.all(
        [...new Set(hospitalCodes)].map((code) => hospitals.visitsOf(code, idNumberHash)),
      );
      return each.flat().sort((a, b) => b.serviceDate.localeCompare(a.serviceDate));
    },
  };
}

/** The source a deployment configured (VISIT_SOURCE; `home-region` when unset). */
export function visitSourceOf(
  kind: string | undefined,
  clients: { homeRegion: () => HomeRegionClient; hospitals: () => HospitalClient },
): VisitSource {
  const parsed = VisitSourceKindSchema.parse(kind ?? 'home-region');
  return parsed === 'home-region'
    ? homeRegionVisitSource(clients.homeRegion())
    : hospitalsVisitSource(clients.hospitals());
}
