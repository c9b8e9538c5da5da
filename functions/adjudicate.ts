import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { adjudicate, type AdjudicationResult, type LineCap } from '../domain/adjudication';
import { checkCaseAgainstPolicy } from '../domain/adjudication-case';
import { adjudicationCaseFor, reviewReasons, type YearToDateTotals } from '../domain/claim-adjudication';
import type { ClaimCase } from '../domain/claim';
import { yearOf } from '../domain/dates';
import type { SignedEBill } from '../domain/ebill';
import type { CompiledPolicy } from '../domain/policy';
import type { VerificationOutcome } from '../domain/verification';
import type { Accumulator, StoredAdjudication } from '../adapters/claim-store';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';
import { stepActor, type AuditActor } from '../domain/audit-chain';
import { moveClaim } from './shared/claim-moves';

export interface AdjudicateOutput {
  benefitFen: number;
  needsReview: boolean;
  reasonCodes: string[];
}

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
  // The level of the hospital that issued the bills (only the consented hospital's are ever attached).
  const issuer = bills[0]?.hospital.code ?? claim.hospitalCode;
  const level = (await deps('hospitalRegistry').lookup(issuer)).profile?.level ?? bills[0]?.hospital.level;
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

/**
 * Adjudicate: home-region policy → per-item result with explanations (stored as ADJ#n), then
 * whether a clerk must look first (verification findings routed to review, the policy's
 * amount threshold).
 */
export const adjudicateStep = async ({ claimId }: ClaimStepInput): Promise<AdjudicateOutput> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  if (claim.status !== 'VERIFYING') {
    const latest = await claims.latestAdjudication(claimId);
    if (!latest) throw new Error(`claim ${claimId} is ${claim.status} and was never adjudicated`);
    const codes = (claim.reasons ?? []).map((r) => r.code);
    // A clerk already approved it (a re-driven execution): straight on to PayOut.
    const needsReview = claim.status !== 'APPROVED' && codes.length > 0;
    return { benefitFen: latest.result.benefitFen, needsReview, reasonCodes: codes };
  }
  const policy = policyOf(claim);
  const stored = await adjudicateClaim(claim, policy, await accumulatorOf(claim));
  const verification = await claims.getDocument<VerificationOutcome>(claimId, 'VERIFICATION', 'latest');
  const reasons = reviewReasons(policy, claim.claimId, stored.result, verification?.findings ?? []);
  await moveClaim(claim, 'ADJUDICATED', { reasons, benefitFen: stored.result.benefitFen }, [], {
    actor: stepActor('Adjudicate'),
  });
  metrics.addMetric('ClaimsAdjudicated', MetricUnit.Count, 1);
  return {
    benefitFen: stored.result.benefitFen,
    needsReview: reasons.length > 0,
    reasonCodes: reasons.map((r) => r.code),
  };
};

export const handler = stepHandler(ClaimStepInputSchema, adjudicateStep);
