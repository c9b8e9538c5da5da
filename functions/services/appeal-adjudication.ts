import type { Accumulator } from '../../adapters/claim-store';
import { paidToCitizenFen, type AdjudicationResult } from '../../domain/adjudication';
import type { SeriousIllnessPart } from './payout-record';
import type { Appeal, ClaimCase } from '../../domain/claim';
import type { CompiledPolicy } from '../../domain/policy';
import { computeAdjudication } from './adjudication';
import { yearTotalsOf } from '../home-region/year-totals';
import { deps } from '../shared/dependencies';

/**
 * The claim adjudicated again for an appeal: under the policy version in force on its service
 * date now (a corrected version published since replaces the one it was paid under; old
 * versions stay in the registry for the record), against the year's totals without what this
 * claim itself already took (its payouts and the deductible they counted), so the annual cap
 * and the deductible are applied as if it were adjudicated for the first time.
 */
export interface AppealAdjudication {
  policy: CompiledPolicy;
  result: AdjudicationResult;
  accumulator: Accumulator;
  /** What the claim was paid so far (its payout and earlier appeals' differences). */
  paidFen: number;
  /** The deductible this claim's payouts counted in the year's totals so far. */
  deductibleCountedFen: number;
  /** The serious-illness tier's part of what the claim was paid so far, and the base it counted. */
  tierCounted: SeriousIllnessPart;
}

export async function appealAdjudication(claim: ClaimCase, appeal: Appeal): Promise<AppealAdjudication> {
  const claims = deps('claims');
  const policy = deps('policies').find({
    region: claim.insured.homeRegion,
    scheme: claim.coverage?.scheme ?? '',
    serviceDate: claim.visit.serviceDate,
  });
  if (!policy) throw new Error(`claim ${claim.claimId}: no policy in force on ${claim.visit.serviceDate}`);
  const earlier = (claim.appeals ?? []).filter((a) => a.appealNo < appeal.appealNo);
  const payouts = await Promise.all([
    claims.payout(claim.claimId),
    ...earlier.map((a) => claims.payout(claim.claimId, a.appealNo)),
  ]);
  const paid = payouts.filter((p) => p !== undefined);
  const paidFen = paid.reduce((sum, p) => sum + p.amountFen, 0);
  const deductibleCountedFen = paid.reduce((sum, p) => sum + (p.deductibleAppliedFen ?? 0), 0);
  const tierCounted: SeriousIllnessPart = {
    seriousIllnessFen: paid.reduce((sum, p) => sum + (p.seriousIllnessFen ?? 0), 0),
    seriousIllnessBaseFen: paid.reduce((sum, p) => sum + (p.seriousIllnessBaseFen ?? 0), 0),
  };
  // Every channel's totals (the home region's and crossclaim's own not yet reported) without this claim.
  const { own: accumulator, totals } = await yearTotalsOf(claim);
  const careType = claim.visit.careType;
  const withoutThisClaim = {
    admissions: Math.max(0, totals.admissions - (careType === 'inpatient' ? 1 : 0)),
    fundPaidFen: {
      ...totals.fundPaidFen,
      [careType]: totals.fundPaidFen[careType] - (paidFen - tierCounted.seriousIllnessFen),
    },
    deductibleMetFen: {
      ...totals.deductibleMetFen,
      [careType]: totals.deductibleMetFen[careType] - deductibleCountedFen,
    },
    seriousIllnessPaidFen: (totals.seriousIllnessPaidFen ?? 0) - tierCounted.seriousIllnessFen,
    seriousIllnessBaseFen: (totals.seriousIllnessBaseFen ?? 0) - tierCounted.seriousIllnessBaseFen,
  };
  const result = await computeAdjudication(claim, policy, withoutThisClaim, claim.adjustments);
  return { policy, result, accumulator, paidFen, deductibleCountedFen, tierCounted };
}

/** The appeal's numbers, line by line against the adjudication the claim was paid on. */
export function appealFigures(
  computed: AppealAdjudication,
  paidOn: AdjudicationResult | undefined,
): Pick<
  Appeal,
  'policyId' | 'policyVersion' | 'previousBenefitFen' | 'newBenefitFen' | 'differenceFen' | 'lineDifferences'
> {
  const { result, policy, paidFen } = computed;
  return {
    policyId: policy.id,
    policyVersion: policy.version,
    previousBenefitFen: paidFen,
    newBenefitFen: paidToCitizenFen(result),
    differenceFen: paidToCitizenFen(result) - paidFen,
    lineDifferences: result.lines.map((line) => {
      const before = paidOn?.lines.find((l) => l.seq === line.seq);
      return {
        seq: line.seq,
        previousBenefitFen: before ? paidToCitizenFen(before) : 0,
        newBenefitFen: paidToCitizenFen(line),
      };
    }),
  };
}

/** The claim's appeals with one of them replaced. */
export const withAppeal = (claim: ClaimCase, appeal: Appeal): Appeal[] =>
  (claim.appeals ?? []).map((a) => (a.appealNo === appeal.appealNo ? appeal : a));

export function appealOf(claim: ClaimCase, appealNo: number): Appeal {
  const appeal = claim.appeals?.find((a) => a.appealNo === appealNo);
  if (!appeal) throw new Error(`claim ${claim.claimId} has no appeal ${appealNo}`);
  return appeal;
}

/** The appeal of a rejected claim a clerk is handling, if any (it is re-run, not re-priced). */
export const reopenedAppeal = (claim: ClaimCase): Appeal | undefined =>
  claim.appeals?.find((a) => a.status === 'IN_REVIEW');

/**
 * The case's appeals with a reopened one closed, as the claim ends: paid in full (all of it is
 * the difference: nothing was paid before) or rejected again (the rejection upheld).
 */
export function closeReopenedAppeal(
  claim: ClaimCase,
  outcome: { paidFen: number } | 'upheld',
  at: string,
): { appeals?: Appeal[] } {
  const open = reopenedAppeal(claim);
  if (!open) return {};
  const closed: Appeal =
    outcome === 'upheld'
      ? { ...open, status: 'UPHELD', decidedAt: at }
      : {
          ...open,
          status: 'PAID_DIFFERENCE',
          previousBenefitFen: 0,
          newBenefitFen: outcome.paidFen,
          differenceFen: outcome.paidFen,
          decidedAt: at,
        };
  return { appeals: withAppeal(claim, closed) };
}
