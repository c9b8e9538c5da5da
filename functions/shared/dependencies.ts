import abuseLimitsFile from '../../policies/limits/abuse-limits.json' with { type: 'json' };
import { AbuseLimitsSchema, type AbuseLimits } from '../../domain/abuse-limits';
import ratingsPolicyFile from '../../policies/ratings/good-bad-review.json' with { type: 'json' };
import calendarCn2026 from '../../policies/calendars/cn-2026.json' with { type: 'json' };
import calendarCn2027 from '../../policies/calendars/cn-2027.json' with { type: 'json' };
import { ratingRules, type RatingRules } from '../../domain/ratings';
import { S3Client } from '@aws-sdk/client-s3';
import { withoutSdkLogging } from '../../adapters/sdk-client-logging';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAuditKeyFile, loadAuditKeyFromSecret } from '../../adapters/audit-key';
import { ClaimStore } from '../../adapters/claim-store';
import { createDynamoDbClients, type DynamoDbClients } from '../../adapters/dynamodb/clients';
import { createEventBridgePublisher, type EventPublisher } from '../../adapters/event-publisher';
import type { HospitalClient } from '../../adapters/hospital-client';
import { createHospitalHttpClient } from '../../adapters/hospital-http-client';
import { HospitalRegistry } from '../../adapters/hospital-registry';
import { loadIdentityKeyFile, loadIdentityKeyFromSecret } from '../../adapters/identity-key';
import { loggingNotifier, type Notifier } from '../../adapters/notifier';
import { snsNotifier } from '../../adapters/notifier-sns';
import { createBankHttpClient } from '../../adapters/bank-http-client';
import type { HomeRegionClient } from '../../adapters/home-region/home-region-client';
import { homeRegionClientFor } from '../../adapters/home-region/home-region-from-env';
import { PayoutReportOutbox } from '../../adapters/home-region/payout-report-outbox';
import { LocalFolderObjectStore, type ObjectStore } from '../../adapters/object-store';
import { S3ObjectStore } from '../../adapters/object-store-s3';
import { ocrEngineNamed } from '../../adapters/ocr/engine-factory';
import type { OcrEngine } from '../../adapters/ocr/ocr-engine';
import { loadOriginSecret } from '../../adapters/origin-secret';
import type { PaymentGateway } from '../../adapters/payments';
import { visitSourceOf, type VisitSource } from '../../adapters/visits/visit-source';
import { loadPolicyDirectorySync } from '../../adapters/policy-files';
import { PolicyRegistry } from '../../domain/policy-registry';
import { configFromEnvironment, requireSetting, runsOnLambda, type Config } from './config';
import { configureObservability, logger } from './observability';

/**
 * What the handlers talk to. Built by the one composition root, `buildDependencies(config)`:
 * on AWS from the function's environment when its handler module loads (the end of this file),
 * in the local runtime from its options (local/crossclaim-services.ts). Handlers read a part
 * with `deps('claims')`; tests replace parts with `setDependencies`.
 */
export interface Dependencies {
  /** The process's DynamoDB clients (the endpoint and region of the Config) and their request counter. */
  dynamo: DynamoDbClients;
  /** The claims table's name (TABLE_NAME). */
  tableName: string;
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
  /**
   * Where receipt images are kept: a folder (RECEIPT_IMAGES_DIR, the local runtime's data
   * folder) or S3 encrypted with a KMS key (RECEIPT_IMAGES_BUCKET + RECEIPT_IMAGES_KMS_KEY).
   */
  receiptImages: ObjectStore;
  /** The OCR engine for receipts without a readable QR code (OCR_ENGINE; the cascade by default). */
  ocr: OcrEngine;
}

type Factories = { [K in keyof Dependencies]: (self: Dependencies) => Dependencies[K] };

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** How each part is built from the Config. A part is built on first use: a function builds only what it uses. */
function factoriesOf(config: Config): Factories {
  const table = (self: Dependencies) => ({ docClient: self.dynamo.docClient, name: self.tableName });
  return {
    dynamo: () => createDynamoDbClients({ endpoint: config.endpoints.dynamodb, region: config.region }),
    tableName: () => requireSetting(config.tableName, 'tableName', 'the claims table'),
    claims: (self) => new ClaimStore(table(self).docClient, table(self).name),
    hospitalRegistry: (self) => new HospitalRegistry(table(self).docClient, table(self).name),
    payoutReports: (self) => new PayoutReportOutbox(table(self).docClient, table(self).name),
    hospitals: () =>
      createHospitalHttpClient({
        baseUrl: requireSetting(config.hospitalApiUrl, 'hospitalApiUrl', 'the hospitals client'),
        ...(config.outsideTimeoutMs !== undefined && { timeoutMs: config.outsideTimeoutMs }),
      }),
    policies: () =>
      new PolicyRegistry(
        loadPolicyDirectorySync(
          config.policiesDir ?? fileURLToPath(new URL('../../policies', import.meta.url)),
        ),
      ),
    payments: () =>
      createBankHttpClient({ baseUrl: requireSetting(config.bankApiUrl, 'bankApiUrl', 'the bank client') }),
    homeRegion: () =>
      homeRegionClientFor({
        baseUrl: requireSetting(config.homeRegionApiUrl, 'homeRegionApiUrl', 'the home-region client'),
        tokenSecretArn: config.homeRegionTokenSecretArn,
        clientToken: config.homeRegionClientToken,
        timeoutMs: config.outsideTimeoutMs,
        catalogueTtlMs: config.homeRegionCatalogueTtlMs,
      }),
    visits: (self) =>
      visitSourceOf(config.visitSource, {
        homeRegion: () => self.homeRegion,
        hospitals: () => self.hospitals,
      }),
    events: () =>
      createEventBridgePublisher({
        busName: requireSetting(config.eventBusName, 'eventBusName', 'the event publisher'),
        endpoint: config.endpoints.eventbridge,
        region: config.region,
      }),
    notifier: () =>
      config.notificationTopicArn
        ? snsNotifier({
            client: new SNSClient({ region: config.region }),
            topicArn: config.notificationTopicArn,
          })
        : loggingNotifier(logger),
    sfn: () =>
      withoutSdkLogging(
        new SFNClient({
          region: config.region,
          ...(config.endpoints.sfn && { endpoint: config.endpoints.sfn, credentials: LOCAL_CREDENTIALS }),
        }),
      ),
    stateMachineArn: () =>
      requireSetting(config.stateMachineArn, 'stateMachineArn', 'starting a claim execution'),
    now: () => () => new Date(),
    abuseLimits: () => AbuseLimitsSchema.parse(abuseLimitsFile),
    ratings: () => ratingRules(ratingsPolicyFile, [calendarCn2026, calendarCn2027]),
    receiptImages: () => {
      const { dir, bucket, kmsKeyId } = config.receiptImages;
      if (dir) return new LocalFolderObjectStore(dir);
      if (bucket) {
        const key = requireSetting(kmsKeyId, 'receiptImages.kmsKeyId', 'the receipt image bucket');
        return new S3ObjectStore({ client: new S3Client({ region: config.region }), bucket, kmsKeyId: key });
      }
      return new LocalFolderObjectStore(join(process.cwd(), '.data', 'receipt-images'));
    },
    ocr: () => ocrEngineNamed(config.ocrEngine, { region: config.region }),
  };
}

/**
 * The parts of a Config, each built on first use and then kept; `provided` parts are used as
 * given (the local runtime's bank, its message inbox, a test's OCR engine). Loads no secret.
 */
export function composeDependencies(config: Config, provided: Partial<Dependencies> = {}): Dependencies {
  const factories = factoriesOf(config);
  const made: Partial<Dependencies> = { ...withoutUndefined(provided) };
  const self = {} as Dependencies;
  for (const name of Object.keys(factories) as (keyof Dependencies)[]) {
    Object.defineProperty(self, name, {
      enumerable: true,
      get: () => {
        if (made[name] === undefined) (made as Record<string, unknown>)[name] = factories[name](self);
        return made[name];
      },
    });
  }
  return self;
}

/**
 * The composition root: everything the handlers use, from one Config. Sets the log level and
 * the metrics switch, loads the keys the history and the identity hash need (Secrets Manager on
 * AWS, the data folder's key files locally) and the CloudFront origin secret, then gives the
 * parts (built on first use). The caller installs the result (`installDependencies`).
 */
export async function buildDependencies(
  config: Config,
  provided: Partial<Dependencies> = {},
): Promise<Dependencies> {
  configureObservability({ logLevel: config.logLevel, metrics: config.metrics });
  const { secrets, keyFiles } = config;
  if (secrets.auditKey) await loadAuditKeyFromSecret(secrets.auditKey);
  else if (keyFiles.auditKey) await loadAuditKeyFile(keyFiles.auditKey, { create: true });
  if (secrets.identityKey) await loadIdentityKeyFromSecret(secrets.identityKey);
  else if (keyFiles.identityKey) await loadIdentityKeyFile(keyFiles.identityKey);
  await loadOriginSecret(secrets.originVerify);
  return composeDependencies(config, provided);
}

let installed: Dependencies | undefined;
let overrides: Partial<Dependencies> = {};

/** Makes `deps()` answer from these (the Lambda entry below; the local runtime at start). */
export function installDependencies(dependencies: Dependencies): void {
  installed = dependencies;
}

/**
 * One dependency: a test's override, else the installed root's. A process that installed none
 * (a unit test that sets a variable or two) gets parts built from its environment, without
 * secrets.
 */
export function deps<K extends keyof Dependencies>(name: K): Dependencies[K] {
  const override = overrides[name];
  if (override !== undefined) return override as Dependencies[K];
  installed ??= composeDependencies(configFromEnvironment());
  return installed[name];
}

/** For tests: use these instead of what the root built, until `resetDependencies`. */
export function setDependencies(replacements: Partial<Dependencies>): void {
  overrides = { ...overrides, ...replacements };
}

/** Forgets the overrides and the installed root (the local runtime's close, tests). */
export function resetDependencies(): void {
  overrides = {};
  installed = undefined;
}

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

// The Lambda entry: a function's handler module loads this module; on Lambda (and only there)
// the container's Config is read from its environment, once, and the root is built and installed
// before any handler runs. A setting that is wrong fails the container's start, naming it.
if (runsOnLambda()) installDependencies(await buildDependencies(configFromEnvironment()));
