import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { paidToCitizenFen } from '../domain/adjudication';
import { reviewReasons } from '../domain/claim-adjudication';
import type { VerificationOutcome } from '../domain/verification';
import { adjudicateClaim, policyOf } from './services/adjudication';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';
import { moveClaim } from './services/claim-moves';
import { yearTotalsOf } from './home-region/year-totals';

export interface AdjudicateOutput {
  benefitFen: number;
  needsReview: boolean;
  reasonCodes: string[];
}

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
    return { benefitFen: paidToCitizenFen(latest.result), needsReview, reasonCodes: codes };
  }
  const policy = policyOf(claim);
  const stored =
    (await adjudicationPaidFrom(claimId)) ??
    (await adjudicateClaim(claim, policy, await yearTotalsOf(claim)));
  const verification = await claims.getDocument<VerificationOutcome>(claimId, 'VERIFICATION', 'latest');
  const reasons = reviewReasons(policy, claim.claimId, stored.result, [
    ...(verification?.findings ?? []),
    ...(stored.result.basis?.reviewReasons ?? []).map((r) => ({ ...r, route: 'review' })),
  ]);
  await moveClaim(claim, 'ADJUDICATED', { reasons, benefitFen: paidToCitizenFen(stored.result) }, [], {
    actor: stepActor('Adjudicate'),
  });
  metrics.addMetric('ClaimsAdjudicated', MetricUnit.Count, 1);
  return {
    benefitFen: paidToCitizenFen(stored.result),
    needsReview: reasons.length > 0,
    reasonCodes: reasons.map((r) => r.code),
  };
};

/**
 * The adjudication a recorded payout was made from, when the claim is run again after PayOut had
 * already written its payout (a clerk retrying a case that failed between the payout and PAID).
 * Adjudicating again then would count the claim's own payout in the year's totals and show a
 * benefit other than what was paid; the payout is final, so its adjudication stands.
 */
async function adjudicationPaidFrom(claimId: string) {
  const claims = deps('claims');
  const payout = await claims.payout(claimId);
  return payout && (await claims.adjudication(claimId, payout.adjudicationSeq));
}

export const handler = stepHandler(ClaimStepInputSchema, adjudicateStep);
