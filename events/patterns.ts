import { CLAIMS_SOURCE } from './claim-events';
import { EBillIssued, EBillVoided, HOSPITAL_SOURCE_PREFIX } from './ebill-events';
import type { EventPattern } from './event-pattern';
import { REVIEW_SOURCE, ReviewEscalated } from './review-events';

/**
 * The rule patterns: the one definition both the CDK stack (infra/) and the local bus
 * (local/eventbridge/) use. Patterns select by source and detail-type only; versions are the
 * consumer's to check, so an event of an unknown major version reaches its consumer and is
 * refused there, loudly, instead of being dropped by a rule without a trace.
 */

/** E-bills issued or voided by any hospital. */
export const hospitalEBillEvents = {
  source: [{ prefix: HOSPITAL_SOURCE_PREFIX }],
  'detail-type': [EBillIssued.detailType, EBillVoided.detailType],
} as const satisfies EventPattern;

/** Review cases past their SLA. */
export const reviewEscalations = {
  source: [REVIEW_SOURCE],
  'detail-type': [ReviewEscalated.detailType],
} as const satisfies EventPattern;

/** Everything crossclaim itself publishes (claims and review), for the dashboard's live feed. */
export const crossclaimActivity = {
  source: [CLAIMS_SOURCE, REVIEW_SOURCE],
} as const satisfies EventPattern;

/** A function, by its logical name: infra/ maps it to a Lambda, local/ to an in-process handler. */
export type RuleTargetName = 'IngestEBillFunction' | 'NotifyEscalationFunction' | 'DashboardFeedFunction';

export interface EventRule {
  /** Valid as an EventBridge rule name: letters, digits, '.', '-', '_'; at most 64. */
  name: string;
  description: string;
  pattern: EventPattern;
  target: RuleTargetName;
}

export const RULES: readonly EventRule[] = [
  {
    name: 'ingest-hospital-ebills',
    description: 'Hospital e-bills, issued or voided, to the ingest function that resumes waiting claims',
    pattern: hospitalEBillEvents,
    target: 'IngestEBillFunction',
  },
  {
    name: 'notify-review-escalations',
    description: 'Clerk-review cases past their SLA, to the function that alerts the region supervisor',
    pattern: reviewEscalations,
    target: 'NotifyEscalationFunction',
  },
  {
    name: 'feed-dashboard',
    description: 'Every claim and review event, to the dashboard live feed',
    pattern: crossclaimActivity,
    target: 'DashboardFeedFunction',
  },
];
