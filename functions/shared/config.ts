import { z } from 'zod';
import { VISIT_SOURCES } from '../../adapters/visits/visit-source';
import { OCR_ENGINE_NAMES, type OcrEngineName } from '../../adapters/ocr/ocr-engine';

/**
 * Everything the composition root (functions/shared/dependencies.ts, `buildDependencies`) needs
 * to know of its surroundings, typed and checked once. On AWS it comes from a function's
 * environment (`configFromEnvironment`, the one place that reads it); the local runtime builds
 * it from its own options (local/crossclaim-services.ts) and writes no environment variable.
 *
 * Most settings are optional here because each Lambda function is given only the settings of
 * what it uses (infra/constructs/handlers.ts): a dependency whose setting is missing fails when
 * it is first used, naming the setting (`requireSetting`). A setting that is present but wrong
 * (not a URL, an unknown OCR engine, a bucket without its KMS key) fails at parse, naming it.
 */

const text = z.string().min(1);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

export const ConfigSchema = z
  .strictObject({
    /** AWS_REGION: the region of the table, the state machine, the bus. */
    region: text.default('cn-north-1'),
    /** TABLE_NAME: the claims table. */
    tableName: text.optional(),
    /** Endpoints of the AWS services when they are stand-ins (local); absent on AWS. */
    endpoints: z
      .strictObject({
        /** AWS_ENDPOINT_URL_DYNAMODB (or DYNAMODB_ENDPOINT). */
        dynamodb: httpUrl.optional(),
        /** AWS_ENDPOINT_URL_SFN. */
        sfn: httpUrl.optional(),
        /** AWS_ENDPOINT_URL_EVENTBRIDGE (or EVENTBRIDGE_ENDPOINT). */
        eventbridge: httpUrl.optional(),
      })
      .default({}),
    /** EVENT_BUS_NAME: the bus the handlers publish to. */
    eventBusName: text.optional(),
    /** CLAIM_STATE_MACHINE_ARN: the claim state machine, for StartExecution. */
    stateMachineArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/, {
        error: 'must be a state machine ARN',
      })
      .optional(),
    /** HOSPITAL_API_URL: the hospitals' fetch API (the province's gateway). */
    hospitalApiUrl: httpUrl.optional(),
    /** BANK_API_URL: the bank's payout API. */
    bankApiUrl: httpUrl.optional(),
    /** HOME_REGION_API_URL: the home region's insurance system. */
    homeRegionApiUrl: httpUrl.optional(),
    /** HOME_REGION_TOKEN_SECRET_ARN: the secret holding the home region's client token (AWS). */
    homeRegionTokenSecretArn: text.optional(),
    /** HOME_REGION_CLIENT_TOKEN: the token itself (a local run against a region that wants one). */
    homeRegionClientToken: text.optional(),
    /** How long a cached catalogue of the home region is used (ms); the client's default if absent. */
    homeRegionCatalogueTtlMs: z.int().min(0).optional(),
    /** How long the hospitals' and home region's clients wait for an answer (ms); their default if absent. */
    outsideTimeoutMs: z.int().positive().optional(),
    /** VISIT_SOURCE: where a citizen's visits come from. */
    visitSource: z.enum(VISIT_SOURCES).default('home-region'),
    /** POLICIES_DIR: the policy files; the repository's policies/ if absent. */
    policiesDir: text.optional(),
    /** NOTIFICATION_TOPIC_ARN: the SNS topic citizens' notifications go to; a log line if absent. */
    notificationTopicArn: text.optional(),
    /** RECEIPT_IMAGES_DIR (a folder), or RECEIPT_IMAGES_BUCKET with RECEIPT_IMAGES_KMS_KEY (S3, AWS). */
    receiptImages: z
      .strictObject({ dir: text.optional(), bucket: text.optional(), kmsKeyId: text.optional() })
      .default({})
      .refine((r) => r.bucket === undefined || r.kmsKeyId !== undefined, {
        error: 'a bucket needs its KMS key (RECEIPT_IMAGES_KMS_KEY)',
        path: ['kmsKeyId'],
      }),
    /** OCR_ENGINE: the engine for receipts without a readable QR code (cascade if absent). */
    ocrEngine: z.enum(OCR_ENGINE_NAMES as readonly [OcrEngineName, ...OcrEngineName[]]).optional(),
    /** Secrets Manager secrets loaded once, before any handler runs (AWS). */
    secrets: z
      .strictObject({
        /** AUDIT_KEY_SECRET_ARN: the audit-chain key. */
        auditKey: text.optional(),
        /** IDENTITY_KEY_SECRET_ARN: the identity-hash key. */
        identityKey: text.optional(),
        /** ORIGIN_VERIFY_SECRET_ARN: the value CloudFront sends to the API. */
        originVerify: text.optional(),
      })
      .default({}),
    /**
     * Local key files, loaded (and made on first start) before any handler runs: the audit-chain
     * key and the identity-hash key of a data folder (`npm start`; no variable on AWS).
     */
    keyFiles: z.strictObject({ auditKey: text.optional(), identityKey: text.optional() }).default({}),
    /** POWERTOOLS_LOG_LEVEL: the handlers' log level; Powertools' own default (INFO) if absent. */
    logLevel: z.enum(LOG_LEVELS).optional(),
    /** POWERTOOLS_METRICS_DISABLED=true: no EMF metric lines (local runs). */
    metrics: z.boolean().default(true),
  })
  .readonly();

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** A Config that does not parse, or a setting a dependency needs and was not given; names each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly settings: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** The environment variable behind each Config field, for messages about the Lambda path. */
export const ENVIRONMENT_NAMES = {
  region: 'AWS_REGION',
  tableName: 'TABLE_NAME',
  'endpoints.dynamodb': 'AWS_ENDPOINT_URL_DYNAMODB',
  'endpoints.sfn': 'AWS_ENDPOINT_URL_SFN',
  'endpoints.eventbridge': 'AWS_ENDPOINT_URL_EVENTBRIDGE',
  eventBusName: 'EVENT_BUS_NAME',
  stateMachineArn: 'CLAIM_STATE_MACHINE_ARN',
  hospitalApiUrl: 'HOSPITAL_API_URL',
  bankApiUrl: 'BANK_API_URL',
  homeRegionApiUrl: 'HOME_REGION_API_URL',
  homeRegionTokenSecretArn: 'HOME_REGION_TOKEN_SECRET_ARN',
  homeRegionClientToken: 'HOME_REGION_CLIENT_TOKEN',
  visitSource: 'VISIT_SOURCE',
  policiesDir: 'POLICIES_DIR',
  notificationTopicArn: 'NOTIFICATION_TOPIC_ARN',
  'receiptImages.dir': 'RECEIPT_IMAGES_DIR',
  'receiptImages.bucket': 'RECEIPT_IMAGES_BUCKET',
  'receiptImages.kmsKeyId': 'RECEIPT_IMAGES_KMS_KEY',
  ocrEngine: 'OCR_ENGINE',
  'secrets.auditKey': 'AUDIT_KEY_SECRET_ARN',
  'secrets.identityKey': 'IDENTITY_KEY_SECRET_ARN',
  'secrets.originVerify': 'ORIGIN_VERIFY_SECRET_ARN',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  metrics: 'POWERTOOLS_METRICS_DISABLED',
} as const satisfies Record<string, string>;

type SettingName = keyof typeof ENVIRONMENT_NAMES;

/** `tableName (TABLE_NAME)`: a field with the variable that sets it on AWS. */
export const settingLabel = (field: string): string => {
  const env = (ENVIRONMENT_NAMES as Record<string, string>)[field];
  return env ? `${field} (${env})` : field;
};

/** Parses a Config; a bad one throws ConfigError naming every field that is wrong and why. */
export function parseConfig(input: unknown): Config {
  const result = ConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(config)',
    message: issue.message,
  }));
  throw new ConfigError(
    issues.map((i) => i.field),
    `invalid configuration: ${issues.map((i) => `${settingLabel(i.field)}: ${i.message}`).join('; ')}`,
  );
}

/** A setting a dependency cannot be built without; ConfigError naming it when it is absent. */
export function requireSetting<T>(value: T | undefined, field: SettingName, needs: string): T {
  if (value === undefined)
    throw new ConfigError([field], `${settingLabel(field)} is not set: ${needs} needs it`);
  return value;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The Config of a Lambda function, from its environment: the one place the handlers'
 * settings are read from process.env. An empty variable counts as unset.
 */
export function configFromEnvironment(env: Environment = process.env): Config {
  const get = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const metricsDisabled = get('POWERTOOLS_METRICS_DISABLED');
  return parseConfig({
    region: get('AWS_REGION'),
    tableName: get('TABLE_NAME'),
    endpoints: {
      dynamodb: get('AWS_ENDPOINT_URL_DYNAMODB') ?? get('DYNAMODB_ENDPOINT'),
      sfn: get('AWS_ENDPOINT_URL_SFN'),
      eventbridge: get('AWS_ENDPOINT_URL_EVENTBRIDGE') ?? get('EVENTBRIDGE_ENDPOINT'),
    },
    eventBusName: get('EVENT_BUS_NAME'),
    stateMachineArn: get('CLAIM_STATE_MACHINE_ARN'),
    hospitalApiUrl: get('HOSPITAL_API_URL'),
    bankApiUrl: get('BANK_API_URL'),
    homeRegionApiUrl: get('HOME_REGION_API_URL'),
    homeRegionTokenSecretArn: get('HOME_REGION_TOKEN_SECRET_ARN'),
    homeRegionClientToken: get('HOME_REGION_CLIENT_TOKEN'),
    visitSource: get('VISIT_SOURCE'),
    policiesDir: get('POLICIES_DIR'),
    notificationTopicArn: get('NOTIFICATION_TOPIC_ARN'),
    receiptImages: {
      dir: get('RECEIPT_IMAGES_DIR'),
      bucket: get('RECEIPT_IMAGES_BUCKET'),
      kmsKeyId: get('RECEIPT_IMAGES_KMS_KEY'),
    },
    ocrEngine: get('OCR_ENGINE'),
    secrets: {
      auditKey: get('AUDIT_KEY_SECRET_ARN'),
      identityKey: get('IDENTITY_KEY_SECRET_ARN'),
      originVerify: get('ORIGIN_VERIFY_SECRET_ARN'),
    },
    logLevel: get('POWERTOOLS_LOG_LEVEL')?.toUpperCase(),
    metrics: metricsDisabled === undefined ? undefined : metricsDisabled.toLowerCase() !== 'true',
  });
}

/** Whether this process is a Lambda function (the runtime sets AWS_LAMBDA_FUNCTION_NAME). */
export const runsOnLambda = (env: Environment = process.env): boolean =>
  Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
