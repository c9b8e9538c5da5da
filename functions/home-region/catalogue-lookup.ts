import type { AdjudicationCase } from '../../domain/adjudication-case';
import { applyCatalogue, type CatalogueOutcome } from '../../domain/catalogue';
import type { ClaimReason } from '../../domain/claim';
import type { CompiledPolicy } from '../../domain/policy';
import { deps } from '../shared/dependencies';

export interface CatalogueDecision {
  engineCase: AdjudicationCase;
  /** Null when the home region publishes no catalogue for the date: the bill's categories, and a clerk. */
  outcome: CatalogueOutcome | null;
  reviewReasons: ClaimReason[];
}

/**
 * The engine's items re-categorised by the home region's catalogue in force on the service
 * date (the client keeps a region's catalogue in memory, so this is a property read per line).
 */
export async function withCatalogue(
  engineCase: AdjudicationCase,
  policy: CompiledPolicy,
  homeRegion: string,
): Promise<CatalogueDecision> {
  const catalogue = await deps('homeRegion').catalogue(homeRegion, engineCase.encounter.serviceDate);
  if (!catalogue) {
    return {
      engineCase,
      outcome: null,
      reviewReasons: [
        {
          code: 'CATALOGUE_MISSING',
          zh: '参保地未提供就医日期适用的医保目录，暂按票据类别计算，需经办人核对',
          en: 'the home region has no catalogue for the date of treatment; computed on the bill’s categories, a clerk checks',
          detail: `${homeRegion} on ${engineCase.encounter.serviceDate}`,
        },
      ],
    };
  }
  const outcome = applyCatalogue(engineCase.items, catalogue, policy.catalogue);
  return {
    engineCase: { ...engineCase, items: outcome.items },
    outcome,
    reviewReasons: outcome.reviewReasons,
  };
}
