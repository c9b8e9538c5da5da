import { adjudicate, type AdjudicationResult, type LineCap } from '../../domain/adjudication';
import { checkCaseAgainstPolicy } from '../../domain/adjudication-case';
import { adjudicationCaseFor, type YearToDateTotals } from '../../domain/claim-adjudication';
import type { ClaimCase } from '../../domain/claim';
import { yearOf } from '../../domain/dates';
import type { SignedEBill } from '../../domain/ebill';
import type { CompiledPolicy } from '../../domain/policy';
import type { Accumulator, StoredAdjudication } from '../../adapters/claim-store';
import { stepActor, type AuditActor } from '../../domain/audit-chain';
import { deps } from '../shared/dependencies';

// Running the engine for a stored claim: used by Adjudicate, PayOut (re-adjudication when the
// year's totals moved), the clerk's decision preview and appeals. A service, not a handler, so
// that no handler imports another.

/** Bills that are expenses: not voided, not reversal bills, not settled at the hospital. */
const reimbursable = (bills: SignedEBill[]) =>
  bills.filter((b) => b.status === 'issued' && b.reversalOf === null && !b.settledDirectly);

/** Runs the engine for a claim against this year's totals and stores the result as the next ADJ#. */
export async function adjudicateClaim(
  claim: ClaimCase,
  policy: CompiledPolicy,
  accumulator: Accumulator,
  actor: AuditActor = stepActor('Adjudicate'),
): Promise<StoredAdjudication> {
  const result = await computeAdjudication(claim, policy, accumulator, claim.adjustments);
  return deps('claims').appendAdjudication(claim.claimId, result, accumulator.version, actor);
}

/** The engine's result for a claim, with the given line caps, without storing it (a clerk's preview). */
export async function computeAdjudication(
  claim: ClaimCase,
  policy: CompiledPolicy,
  accumulator: YearToDateTotals,
  caps: readonly LineCap[] | undefined,
): Promise<AdjudicationResult> {
  const claims = deps('claims');
  const bills = reimbursable(await claims.eBills(claim.claimId));
  const level =
    (await deps('hospitalRegistry').lookup(claim.hospitalCode)).profile?.level ?? bills[0]?.hospital.level;
  if (level === undefined) throw new Error(`claim ${claim.claimId}: hospital level unknown`);
  const engineCase = adjudicationCaseFor(claim, policy, bills, level, accumulator);
  checkCaseAgainstPolicy(policy, engineCase);
  return adjudicate(policy, engineCase, caps);
}

/** The policy the case was found eligible under, at the version it was then. */
export const policyOf = (claim: ClaimCase): CompiledPolicy => {
  const policy = deps('policies').byId(claim.policyId ?? '', claim.policyVersion);
  if (!policy) throw new Error(`claim ${claim.claimId} has no policy ${claim.policyId ?? '(none)'}`);
  return policy;
};

export const accumulatorOf = (claim: ClaimCase): Promise<Accumulator> =>
  deps('claims').accumulator(claim.insured.idNumberHash, yearOf(claim.visit.serviceDate));
