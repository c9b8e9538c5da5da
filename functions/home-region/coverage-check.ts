import type { ClaimCase, ClaimReason, DeclaredFacts } from '../../domain/claim';
import { yearOf } from '../../domain/dates';
import { coverageOn, type Coverage, UNFILED_WORDS } from '../../domain/home-region';
import { deps } from '../shared/dependencies';

/** What CheckEligibility learns from the home region for a claim. */
export type CoverageCheck =
  | { insured: false; reason: ClaimReason }
  | { insured: true; coverage: Coverage; changes: Pick<ClaimCase, 'insured' | 'visit' | 'coverage'> };

/**
 * Asks the home region's insurance system about the claim's person on the service date. Its
 * record decides scheme, status and filing type; what the citizen declared is kept apart
 * (`declared`) and never used for money. An unreachable home region throws
 * HomeRegionUnavailableError: the state machine retries, then a clerk; nothing is guessed.
 */
export async function checkCoverage(claim: ClaimCase): Promise<CoverageCheck> {
  const { serviceDate } = claim.visit;
  const record = await deps('homeRegion').record(
    claim.insured.homeRegion,
    claim.insured.idNumberHash,
    yearOf(serviceDate),
  );
  const hospital = (await deps('hospitalRegistry').lookup(claim.hospitalCode)).profile;
  const decision = coverageOn(record, serviceDate, claim.insured.homeRegion, hospital?.provinceCode);
  if (!decision.insured) return decision;
  const coverage: Coverage = { ...decision.coverage, checkedAt: deps('now')().toISOString() };
  return {
    insured: true,
    coverage,
    changes: {
      coverage,
      insured: { ...claim.insured, scheme: coverage.scheme, status: coverage.status },
      visit: { ...claim.visit, filingType: coverage.filingType },
    },
  };
}

/** Notes for the explanation: an unfiled stay's reason, and declared facts the record overrode. */
export function coverageNotes(coverage: Coverage, declared: DeclaredFacts | undefined): ClaimReason[] {
  const notes: ClaimReason[] = [];
  if (coverage.unfiledBecause) {
    const words = UNFILED_WORDS[coverage.unfiledBecause];
    notes.push({
      code: 'UNFILED_STAY',
      zh: `按未备案异地就医报销：${words.zh}`,
      en: `paid as an unfiled stay: ${words.en}`,
    });
  }
  const disagreements = (
    [
      ['scheme', declared?.scheme, coverage.scheme],
      ['status', declared?.status, coverage.status],
      ['filingType', declared?.filingType, coverage.filingType],
    ] as const
  ).filter(([, said, record]) => said !== undefined && said !== record);
  if (disagreements.length > 0) {
    notes.push({
      code: 'DECLARED_FACTS_OVERRIDDEN',
      zh: '申请中填写的参保信息与参保地记录不符，已按参保地记录计算',
      en: 'what the claim form declared differs from the home region’s record; the record was used',
      detail: disagreements
        .map(([field, said, record]) => `${field}: declared ${said}, record ${record}`)
        .join('; '),
    });
  }
  return notes;
}
