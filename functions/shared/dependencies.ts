// Loads the audit-chain key on AWS before anything writes a history entry.
import './audit-key-loading';
import abuseLimitsFile from '../../policies/limits/abuse-limits.json' with { type: 'json' };
import { AbuseLimitsSchema, type AbuseLimits } from '../../domain/abuse-limits';
import ratingsPolicyFile from '../../policies/ratings/good-bad-review.json' with { type: 'json' };
import calendarCn2026 from '../../policies/calendars/cn-2026.json' with { type: 'json' };
import calendarCn2027 from '../../policies/calendars/cn-2027.json' with { type: 'json' };
import { ratingRules, type RatingRules } from '../../domain/ratings';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { fileURLToPath } from 'node:url';
import { ClaimStore } from '../../adapters/claim-store';
import { dynamoDbClients } from '../../adapters/dynamodb/clients';
import { eventPublisher, type EventPublisher } from '../../adapters/event-publisher';
import type { HospitalClient } from '../../adapters/hospital-client';
import { createHospitalHttpClient } from '../../adapters/hospital-http-client';
import { HospitalRegistry } from '../../adapters/hospital-registry';
import { loggingNotifier, type Notifier } from '../../adapters/notifier';
import { snsNotifier } from '../../adapters/notifier-sns';
import { createBankHttpClient } from '../../adapters/bank-http-client';
import type { HomeRegionClient } from '../../adapters/home-region/home-region-client';
import { homeRegionClientFromEnv } from '../../adapters/home-region/home-region-from-env';
import { PayoutReportOutbox } from '../../adapters/home-region/payout-report-outbox';
import type { PaymentGateway } from '../../adapters/payments';
import { visitSourceOf, type VisitSource } from '../../adapters/visits/visit-source';
import { loadPolicyDirectorySync } from '../../adapters/policy-files';
import { PolicyRegistry } from '../../domain/policy-registry';
import { logger } from './observability';

/**
 * What the handlers talk to, built once per process (Lambda container or local runtime) from
 * the environment. Tests and the local runtime replace parts with `setDependencies`, through
 * this module, so a handler never reads a global or an environment variable itself.
 */
export interface Dependencies {
  claims: ClaimStore;
  hospitals: HospitalClient;
  hospitalRegistry: HospitalRegistry;
  policies: PolicyRegistry;
  payments: PaymentGateway;
  /** The home region's insurance system (HOME_REGION_API_URL, with client authentication on AWS). */
  homeRegion: HomeRegionClient;
  /** Where a citizen's visits come from (VISIT_SOURCE: the home region's record, or the hospitals named). */
  visits: VisitSource;
  /** Payout reports to the home region not yet acknowledged (in the claims table). */
  payoutReports: PayoutReportOutbox;
  events: EventPublisher;
  /**
   * Delivers citizens' notifications (adapters/notifier.ts): to the SNS topic
   * NOTIFICATION_TOPIC_ARN when it is set (AWS), else a log line.
   */
  notifier: Notifier;
  sfn: SFNClient;
  /** The claim state machine's ARN, for StartExecution. */
  stateMachineArn: string;
  now: () => Date;
  /** Per-citizen daily quotas (policies/limits/abuse-limits.json). */
  abuseLimits: AbuseLimits;
  /** 好差评: levels, sub-scores, follow-up deadlines (policies/ratings) and holiday calendars (policies/calendars). */
  ratings: RatingRules;
}

let overrides: Partial<Dependencies> = {};
let built: Partial<Dependencies> = {};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const factories: { [K in keyof Dependencies]: () => Dependencies[K] } = {
  claims: () => new ClaimStore(dynamoDbClients().docClient, required('TABLE_NAME')),
  hospitalRegistry: () => new HospitalRegistry(dynamoDbClients().docClient, required('TABLE_NAME')),
  hospitals: () => createHospitalHttpClient({ baseUrl: required('HOSPITAL_API_URL') }),
  policies: () =>
    new PolicyRegistry(
      loadPolicyDirectorySync(
        process.env.POLICIES_DIR ?? fileURLToPath(new URL('../../policies', import.meta.url)),
      ),
    ),
  payments: () => createBankHttpClient({ baseUrl: required('BANK_API_URL') }),
  homeRegion: () => homeRegionClientFromEnv(required('HOME_REGION_API_URL')),
  visits: () =>
    visitSourceOf(process.env.VISIT_SOURCE, {
      homeRegion: () => deps('homeRegion'),
      hospitals: () => deps('hospitals'),
    }),
  payoutReports: () => new PayoutReportOutbox(dynamoDbClients().docClient, required('TABLE_NAME')),
  events: () => eventPublisher(),
  notifier: () => {
    const topicArn = process.env.NOTIFICATION_TOPIC_ARN;
    return topicArn ? snsNotifier({ client: new SNSClient({}), topicArn }) : loggingNotifier(logger);
  },
  sfn: () => {
    const endpoint = process.env.AWS_ENDPOINT_URL_SFN;
    return new SFNClient({
      region: process.env.AWS_REGION ?? 'cn-north-1',
      ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    });
  },
  stateMachineArn: () => required('CLAIM_STATE_MACHINE_ARN'),
  now: () => () => new Date(),
  abuseLimits: () => AbuseLimitsSchema.parse(abuseLimitsFile),
  ratings: () => ratingRules(ratingsPolicyFile, [calendarCn2026, calendarCn2027]),
};

/** One dependency, built on first use. */
export function deps<K extends keyof Dependencies>(name: K): Dependencies[K] {
  const override = overrides[name];
  if (override !== undefined) return override as Dependencies[K];
  const existing = built[name];
  if (existing !== undefined) return existing as Dependencies[K];
  const created = factories[name]();
  built[name] = created;
  return created;
}

/** For tests and the local runtime: use these instead of what the environment would build. */
export function setDependencies(replacements: Partial<Dependencies>): void {
  overrides = { ...overrides, ...replacements };
}

export function resetDependencies(): void {
  overrides = {};
  built = {};
}
