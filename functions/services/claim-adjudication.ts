import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { paidToCitizenFen } from '../../domain/adjudication';
import { reviewReasons } from '../../domain/claim-adjudication';
import type { VerificationOutcome } from '../../domain/verification';
import { computeAdjudication, policyOf } from './adjudication';
import type { ClaimFolder } from '../../adapters/claim-store';
import type { CompiledPolicy } from '../../domain/policy';
import { deps } from '../shared/dependencies';
import { metrics } from '../shared/observability';
import { type ClaimStepInput } from '../shared/step-inputs';
import { stepActor } from '../../domain/audit-chain';
import { moveClaim } from './claim-moves';
import { yearTotalsOf } from '../home-region/year-totals';

export interface AdjudicateOutput {
  benefitFen: number;
  needsReview: boolean;
  reasonCodes: string[];
}

/**
 * Adjudicate: home-region policy → per-item result with explanations (stored as ADJ#n), then
 * whether a clerk must look first (verification findings routed to review, the policy's
 * amount threshold). One read of the claim's folder, the year's totals, one transaction.
 */
const actor = stepActor('Adjudicate');
/** Remembered folders (adapters/claims/folder-memory.ts) serve only the change from here. */
const ADJUDICATED_FROM: ReadonlySet<string> = new Set(['VERIFYING']);

export const adjudicateStep = async ({ claimId }: ClaimStepInput): Promise<AdjudicateOutput> => {
  const claims = deps('claims');
  const folder = await claims.readFolder(claimId, { forChangeFrom: ADJUDICATED_FROM });
  const { claim } = folder;
  if (claim.status !== 'VERIFYING') {
    const latest = folder.latestAdjudication;
    if (!latest) throw new Error(`claim ${claimId} is ${claim.status} and was never adjudicated`);
    const codes = (claim.reasons ?? []).map((r) => r.code);
    // A clerk already approved it (a re-driven execution): straight on to PayOut.
    const needsReview = claim.status !== 'APPROVED' && codes.length > 0;
    return { benefitFen: paidToCitizenFen(latest.result), needsReview, reasonCodes: codes };
  }
  const policy = policyOf(claim);
  const paidFrom = await adjudicationPaidFrom(folder);
  const fresh = paidFrom ? undefined : await adjudicateAnew(folder, policy);
  const stored = paidFrom ?? fresh?.stored;
  if (!stored) throw new Error(`claim ${claimId}: no adjudication`); // one of the two always is
  const verification = folder.document<VerificationOutcome>('VERIFICATION', 'latest');
  const reasons = reviewReasons(policy, claim.claimId, stored.result, [
    ...(verification?.findings ?? []),
    ...(stored.result.basis?.reviewReasons ?? []).map((r) => ({ ...r, route: 'review' })),
  ]);
  // The new ADJ# and the move in one transaction.
  await moveClaim(
    claim,
    'ADJUDICATED',
    { reasons, benefitFen: paidToCitizenFen(stored.result) },
    [],
    { actor },
    fresh ? { items: () => [fresh.put, fresh.latest], entries: [fresh.entry] } : {},
  );
  metrics.addMetric('ClaimsAdjudicated', MetricUnit.Count, 1);
  return {
    benefitFen: paidToCitizenFen(stored.result),
    needsReview: reasons.length > 0,
    reasonCodes: reasons.map((r) => r.code),
  };
};

/** The engine's result against this year's totals, as the next ADJ# ready to be written. */
async function adjudicateAnew(folder: ClaimFolder, policy: CompiledPolicy) {
  const { claim } = folder;
  const year = await yearTotalsOf(claim);
  const result = await computeAdjudication(claim, policy, year.totals, claim.adjustments, folder.eBills);
  const seq = (folder.latestAdjudication?.seq ?? 0) + 1;
  return deps('claims').adjudicationWrite(claim.claimId, result, year.own.version, seq, actor);
}

/**
 * The adjudication a recorded payout was made from, when the claim is run again after PayOut had
 * already written its payout (a clerk retrying a case that failed between the payout and PAID).
 * Adjudicating again then would count the claim's own payout in the year's totals and show a
 * benefit other than what was paid; the payout is final, so its adjudication stands. Only a
 * claim adjudicated before (it has a benefit) can have a payout: a first run reads nothing more.
 */
async function adjudicationPaidFrom(folder: ClaimFolder) {
  if (folder.claim.benefitFen === undefined) return undefined;
  const payout = await deps('claims').payout(folder.claim.claimId);
  return payout && folder.adjudication(payout.adjudicationSeq);
}
