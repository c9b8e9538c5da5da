import { adjudicate, type AdjudicationResult, type LineCap } from '../../domain/adjudication';
import { checkCaseAgainstPolicy } from '../../domain/adjudication-case';
import { adjudicationCaseFor, type YearToDateTotals } from '../../domain/claim-adjudication';
import type { ClaimCase } from '../../domain/claim';
import type { SignedEBill } from '../../domain/ebill';
import type { CompiledPolicy } from '../../domain/policy';
import type { CareType } from '../../domain/schema-primitives';
import type { StoredAdjudication } from '../../adapters/claim-store';
import { stepActor, type AuditActor } from '../../domain/audit-chain';
import { deps } from '../shared/dependencies';
import { withCatalogue } from '../home-region/catalogue-lookup';
import { coverageNotes } from '../home-region/coverage-check';
import type { YearTotals } from '../home-region/year-totals';

// Running the engine for a stored claim: used by Adjudicate, PayOut (re-adjudication when the
// year's totals moved), the clerk's decision preview and appeals. A service, not a handler, so
// that no handler imports another.

/** Bills that are expenses: not voided, not reversal bills, not settled at the hospital. */
const reimbursable = (bills: SignedEBill[]) =>
  bills.filter((b) => b.status === 'issued' && b.reversalOf === null && !b.settledDirectly);

/**
 * Runs the engine for a claim against this year's totals (every channel) and stores the result
 * as the next ADJ#, at the version of crossclaim's own accumulator it was computed against.
 */
export async function adjudicateClaim(
  claim: ClaimCase,
  policy: CompiledPolicy,
  year: YearTotals,
  actor: AuditActor = stepActor('Adjudicate'),
): Promise<StoredAdjudication> {
  const result = await computeAdjudication(claim, policy, year.totals, claim.adjustments);
  return deps('claims').appendAdjudication(claim.claimId, result, year.own.version, actor);
}

/** The engine's result for a claim, with the given line caps, without storing it (a clerk's preview). */
export async function computeAdjudication(
  claim: ClaimCase,
  policy: CompiledPolicy,
  accumulator: YearToDateTotals,
  caps: readonly LineCap[] | undefined,
  /** The claim's stored bills, when the caller has read them already (its claim folder). */
  storedBills?: SignedEBill[],
): Promise<AdjudicationResult> {
  const bills = reimbursable(storedBills ?? (await deps('claims').eBills(claim.claimId)));
  // The level of the hospital that issued the bills (only the consented hospital's are ever attached).
  const issuer = bills[0]?.hospital.code ?? claim.hospitalCode;
  const level = (await deps('hospitalRegistry').lookup(issuer)).profile?.level ?? bills[0]?.hospital.level;
  if (level === undefined) throw new Error(`claim ${claim.claimId}: hospital level unknown`);
  const billed = adjudicationCaseFor(claim, policy, bills, level, accumulator);
  checkCaseAgainstPolicy(policy, billed);
  const { engineCase, outcome, reviewReasons } = await withCatalogue(
    billed,
    policy,
    claim.insured.homeRegion,
  );
  const result = adjudicate(policy, engineCase, caps);
  const { careType } = claim.visit;
  const notes = [
    ...result.notes,
    ...(outcome ? [outcome.note] : []),
    ...(claim.coverage ? coverageNotes(claim.coverage, claim.declared) : []),
  ];
  return {
    ...result,
    notes: notes.map((n) =>
      'detail' in n && n.detail
        ? { zh: `${n.zh}（${n.detail}）`, en: `${n.en} (${n.detail})` }
        : { zh: n.zh, en: n.en },
    ),
    basis: {
      yearToDate: {
        fundPaidFen: accumulator.fundPaidFen[careType],
        deductibleMetFen: accumulator.deductibleMetFen[careType],
        admissions: accumulator.admissions,
        seriousIllnessPaidFen: accumulator.seriousIllnessPaidFen ?? 0,
        seriousIllnessBaseFen: accumulator.seriousIllnessBaseFen ?? 0,
      },
      ...(outcome && {
        catalogue: {
          region: claim.insured.homeRegion,
          version: outcome.version,
          corrections: outcome.corrections.length,
        },
      }),
      reviewReasons,
    },
  };
}

/** Whether a stored result was computed on the same year totals as these. */
export const sameYearToDate = (result: AdjudicationResult, totals: YearToDateTotals, careType: CareType) =>
  result.basis?.yearToDate.fundPaidFen === totals.fundPaidFen[careType] &&
  result.basis.yearToDate.deductibleMetFen === totals.deductibleMetFen[careType] &&
  result.basis.yearToDate.admissions === totals.admissions &&
  (result.basis.yearToDate.seriousIllnessPaidFen ?? 0) === (totals.seriousIllnessPaidFen ?? 0) &&
  (result.basis.yearToDate.seriousIllnessBaseFen ?? 0) === (totals.seriousIllnessBaseFen ?? 0);

/** The policy the case was found eligible under, at the version it was then. */
export const policyOf = (claim: ClaimCase): CompiledPolicy => {
  const policy = deps('policies').byId(claim.policyId ?? '', claim.policyVersion);
  if (!policy) throw new Error(`claim ${claim.claimId} has no policy ${claim.policyId ?? '(none)'}`);
  return policy;
};
