import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TERMINAL_STATUSES } from '../../domain/claim-status';
import { chinaDate } from '../../domain/dates';
import { eligibilityReasons } from '../../domain/eligibility';
import { DEFAULT_REVIEW_RULES, type ReviewRules } from '../../domain/policy';
import { reopenedAppeal } from './appeal-adjudication';
import { deps } from '../shared/dependencies';
import { metrics } from '../shared/observability';
import { type ClaimStepInput } from '../shared/step-inputs';
import { stepActor } from '../../domain/audit-chain';
import { moveClaim } from './claim-moves';
import { checkCoverage } from '../home-region/coverage-check';

export interface CheckEligibilityOutput {
  eligible: boolean;
  /** The claim already ended (an execution re-driven after a restart): the workflow stops here. */
  done: boolean;
  reasonCodes: string[];
  /** The policy's waiting limits, which the state machine's waits take (PolicyClocks). */
  sla: WaitingLimits;
}

export interface WaitingLimits {
  eBillWaitSeconds: number;
  reviewSeconds: number;
}

const HOUR_SECONDS = 3600;

export const waitingLimits = (rules: ReviewRules = DEFAULT_REVIEW_RULES): WaitingLimits => ({
  eBillWaitSeconds: rules.eBillWaitHours * HOUR_SECONDS,
  reviewSeconds: rules.clerkSlaHours * HOUR_SECONDS,
});

/**
 * CheckEligibility: the home region's insurance system has the person insured on the date of
 * treatment (its record, not the form, gives scheme, status and filing), a home-region policy
 * covers the date, the filing deadline holds, consent to fetch is on record. Eligible claims
 * move to FETCHING under that policy with the record's facts; the reasons of an ineligible one
 * are stored for RecordRejection.
 */
const actor = stepActor('CheckEligibility');
const CHECKED_FROM: ReadonlySet<string> = new Set(['SUBMITTED']);

export const checkEligibility = async ({ claimId }: ClaimStepInput): Promise<CheckEligibilityOutput> => {
  const claims = deps('claims');
  // As the filing wrote it, if this process did and nothing changed it since (else read).
  const claim = await claims.caseForChange(claimId, CHECKED_FROM);
  const known = claim.policyId ? deps('policies').byId(claim.policyId, claim.policyVersion) : undefined;
  const sla = waitingLimits(known?.review);
  if (TERMINAL_STATUSES.has(claim.status)) return { eligible: true, done: true, reasonCodes: [], sla };
  // A retried or re-driven step finds its own work done: answer as before.
  // A clerk's retry of an appealed rejection runs the claim again from here, like a failed one.
  const rerun =
    claim.status === 'FAILED' || (claim.status === 'IN_REVIEW' && reopenedAppeal(claim) !== undefined);
  if (claim.status !== 'SUBMITTED' && !rerun) return { eligible: true, done: false, reasonCodes: [], sla };

  const coverage = await checkCoverage(claim);
  const policy = coverage.insured
    ? deps('policies').find({
        region: coverage.coverage.homeRegion,
        scheme: coverage.coverage.scheme,
        serviceDate: claim.visit.serviceDate,
      })
    : undefined;
  const reasons = coverage.insured
    ? eligibilityReasons(
        { ...claim, ...coverage.changes },
        policy,
        chinaDate(new Date(Date.parse(claim.createdAt))),
      )
    : [coverage.reason];
  if (reasons.length > 0 || !policy || !coverage.insured) {
    await claims.update(claim, { reasons }, [], { actor });
    metrics.addMetric('ClaimsIneligible', MetricUnit.Count, 1);
    return { eligible: false, done: false, reasonCodes: reasons.map((r) => r.code), sla };
  }
  await moveClaim(
    claim,
    'FETCHING',
    { policyId: policy.id, policyVersion: policy.version, ...coverage.changes },
    ['reasons', 'failure'],
    { actor },
  );
  return { eligible: true, done: false, reasonCodes: [], sla: waitingLimits(policy.review) };
};
