import { ArnFormat, AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { API_FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../../functions/catalog';
import {
  COGNITO_TRIGGERS,
  FUNCTION_ACCESS,
  withVisitSource,
  type CognitoTriggerName,
  keepsAuditChain,
  type FunctionAccess,
} from '../function-access';
import { REPO_ROOT } from '../paths';
import { runtimeStatements, statementsFor } from './handler-permissions';
import { AUDIT_KEY_SECRET_ENV } from '../../adapters/audit-key';
import { ORIGIN_VERIFY_SECRET_ENV } from '../../adapters/origin-secret';
import type { VisitSourceKind } from '../../adapters/visits/visit-source';

export interface HandlersProps {
  table: dynamodb.ITable;
  key: kms.IKey;
  receipts: s3.IBucket;
  /** Where citizens' notifications are published (adapters/notifier-sns.ts). */
  notifications: sns.ITopic;
  /** The claim state machine's ARN, built from its name (a Ref would make a cycle: it invokes these). */
  stateMachineArn: string;
  eventBusName: string;
  eventBusArn: string;
  hospitalApiUrl: string;
  bankApiUrl: string;
  /** The home region's insurance system (HOME_REGION_API_URL; docs/home-region.md is the contract). */
  homeRegionApiUrl: string;
  /** Where citizens' visits come from (VISIT_SOURCE for the functions with `visitSource` access). */
  visitSource: VisitSourceKind;
  /** Dead-letter queue for the functions invoked asynchronously (by EventBridge). */
  asyncDeadLetterQueue: sqs.IQueue;
  logLevel: string;
  logRetention: logs.RetentionDays;
}

/** Functions EventBridge invokes (asynchronously, by a rule or a schedule): their failed invocations go to a DLQ. */
export const ASYNC_INVOKED: readonly FunctionName[] = [
  'IngestEBill',
  'DrainPayoutReports',
  'EscalateFollowUps',
  'DrainNotifications',
  'RefetchWaitingBills',
];

/** Where the bundled policies/ lands in the function package (/var/task on Lambda). */
export const POLICIES_DIR_IN_PACKAGE = '/var/task/policies';

/**
 * One Lambda function per handler of functions/catalog.ts: Node 22 on arm64, bundled by esbuild
 * with infra/bundling.ts (ESM, minified, source maps, the AWS SDK v3 from the runtime, zod's
 * English messages only; the same options bench/bundle-size measures), X-Ray active, Powertools
 * configured by environment, a log group of its own with a retention, and IAM statements built
 * from infra/function-access.ts, nothing broader.
 */
export class HandlersConstruct extends Construct {
  readonly functions: Record<FunctionName, lambda.Function>;
  /** The Cognito triggers of infra/function-access.ts COGNITO_TRIGGERS, built the same way. */
  readonly triggers: Record<CognitoTriggerName, lambda.Function>;

  /** The identity-hash key (domain/identity.ts): 64 hex characters, read by functions that hash. */
  readonly identityKeySecret: secretsmanager.Secret;
  /**
   * The client token the home region issued crossclaim (Authorization: Bearer). Created with a
   * random placeholder; the operator puts the bureau's token in (docs/home-region.md).
   */
  readonly homeRegionTokenSecret: secretsmanager.Secret;
  /** The audit-chain HMAC key (domain/audit-chain.ts): read only by the history's writers and verifier. */
  readonly auditKeySecret: secretsmanager.Secret;
  /** The value CloudFront sends to the API (adapters/origin-secret.ts): read by the API functions. */
  readonly originVerifySecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: HandlersProps) {
    super(scope, id);
    // Keys are 64 hex characters (32 bytes); tokens 48 letters and digits. All under the app's key.
    const secret = (id: string, description: string, kind: 'hex-key' | 'token') =>
      new secretsmanager.Secret(this, id, {
        description,
        encryptionKey: props.key,
        generateSecretString:
          kind === 'hex-key'
            ? {
                passwordLength: 64,
                excludePunctuation: true,
                excludeUppercase: true,
                includeSpace: false,
                excludeCharacters: 'ghijklmnopqrstuvwxyz',
              }
            : { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      });
    this.identityKeySecret = secret(
      'IdentityHashKey',
      'crossclaim: HMAC key of the ID-number hash, shared with the hospital gateway',
      'hex-key',
    );
    this.auditKeySecret = secret(
      'AuditChainKey',
      'crossclaim: HMAC key of the claim-history chain, held only by its writers',
      'hex-key',
    );
    this.originVerifySecret = secret(
      'OriginVerify',
      'crossclaim: header value CloudFront adds to API requests; the API refuses others',
      'token',
    );
    this.homeRegionTokenSecret = secret(
      'HomeRegionClientToken',
      'crossclaim: client token of the home region insurance system API (set by the operator)',
      'token',
    );
    const entries = Object.entries(FUNCTIONS) as [FunctionName, string][];
    this.functions = Object.fromEntries(
      entries.map(([name, entry]) => {
        const access = (FUNCTION_ACCESS as Partial<Record<FunctionName, FunctionAccess>>)[name];
        if (!access) {
          throw new Error(
            `${name} (${entry}) has no entry in infra/function-access.ts: say what it may touch before deploying it`,
          );
        }
        return [name, this.handler(name, entry, withVisitSource(access, props.visitSource), props)];
      }),
    ) as Record<FunctionName, lambda.Function>;
    this.triggers = Object.fromEntries(
      Object.entries(COGNITO_TRIGGERS).map(([name, { entry, access }]) => [
        name,
        this.handler(name, entry, access, props),
      ]),
    ) as Record<CognitoTriggerName, lambda.Function>;
  }

  private handler(
    name: string,
    entry: string,
    access: FunctionAccess,
    props: HandlersProps,
  ): lambda.Function {
    const logGroup = new logs.LogGroup(this, `${name}Logs`, {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: 'crossclaim',
      POWERTOOLS_METRICS_NAMESPACE: 'crossclaim',
      POWERTOOLS_LOG_LEVEL: props.logLevel,
      // X-Ray metadata is not redacted: no handler response or error text goes there (docs/security.md).
      ...TRACER_WITHOUT_PERSONAL_DATA,
      NODE_OPTIONS: '--enable-source-maps',
    };
    if (access.items.length > 0 || access.indexes?.length) environment.TABLE_NAME = props.table.tableName;
    if (access.policies) environment.POLICIES_DIR = POLICIES_DIR_IN_PACKAGE;
    if (access.hospitalApi) environment.HOSPITAL_API_URL = props.hospitalApiUrl;
    if (access.visitSource) environment.VISIT_SOURCE = props.visitSource;
    if (access.bankApi) environment.BANK_API_URL = props.bankApiUrl;
    if (access.startsExecutions) environment.CLAIM_STATE_MACHINE_ARN = props.stateMachineArn;
    if (access.publishesEvents) environment.EVENT_BUS_NAME = props.eventBusName;
    if (access.receiptImages?.length) {
      environment.RECEIPT_IMAGES_BUCKET = props.receipts.bucketName;
      environment.RECEIPT_IMAGES_KMS_KEY = props.key.keyArn;
    }
    if (access.notifiesCitizens) environment.NOTIFICATION_TOPIC_ARN = props.notifications.topicArn;
    // The reader's default (adapters/ocr/engine-factory.ts): PaddleOCR, then tesseract on the
    // fields it cannot check or left untrusted; infra/ocr-package.ts puts both in the package
    // (bench/README.md says why).
    if (access.ocr) environment.OCR_ENGINE = 'cascade';
    if (access.hashesIdentities) environment.IDENTITY_KEY_SECRET_ARN = this.identityKeySecret.secretArn;
    const keepsChain = keepsAuditChain(access);
    if (keepsChain) environment[AUDIT_KEY_SECRET_ENV] = this.auditKeySecret.secretArn;
    const servesApi = (API_FUNCTION_NAMES as readonly string[]).includes(name);
    if (servesApi) environment[ORIGIN_VERIFY_SECRET_ENV] = this.originVerifySecret.secretArn;
    const secrets = [
      ...(access.hashesIdentities ? [this.identityKeySecret.secretArn] : []),
      ...(keepsChain ? [this.auditKeySecret.secretArn] : []),
      ...(servesApi ? [this.originVerifySecret.secretArn] : []),
      ...(access.homeRegionApi ? [this.homeRegionTokenSecret.secretArn] : []),
    ];
    if (access.homeRegionApi) {
      environment.HOME_REGION_API_URL = props.homeRegionApiUrl;
      environment.HOME_REGION_TOKEN_SECRET_ARN = this.homeRegionTokenSecret.secretArn;
    }

    const asyncInvoked = (ASYNC_INVOKED as readonly string[]).includes(name);
    // One role and one customer-managed policy per function, holding every permission it has.
    // The role is handed to the function immutable, so CDK adds nothing behind our back.
    const role = new iam.Role(this, `${name}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `crossclaim ${name}`,
    });
    new iam.ManagedPolicy(this, `${name}Policy`, {
      description: `crossclaim ${name}: what infra/function-access.ts says it touches`,
      roles: [role],
      statements: [
        ...runtimeStatements(logGroup, asyncInvoked ? props.asyncDeadLetterQueue : undefined),
        ...statementsFor(access, props),
        // The identity-hash and audit-chain keys, the origin value and the home region's token,
        // each only to the functions that use it.
        ...(secrets.length > 0
          ? [
              new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets }),
              new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.key.keyArn] }),
            ]
          : []),
      ],
    });
    const fn = new lambda.Function(this, name, {
      role: role.withoutPolicyUpdates(),
      description: `crossclaim ${name} (${entry})`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: access.memoryMb ?? 256,
      timeout: Duration.seconds(access.timeoutSeconds ?? 25),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment,
      ...(asyncInvoked && {
        deadLetterQueue: props.asyncDeadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
      handler: 'index.handler',
      code: handlerCode(entry, access.policies === true, access.ocr === true),
    });
    fn.node.addDependency(role);
    return fn;
  }
}

/** Powertools Tracer settings of every function: responses and errors stay out of X-Ray. */
export const TRACER_WITHOUT_PERSONAL_DATA = {
  POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
  POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
} as const;

/**
 * A handler's package, bundled locally by infra/bundle-handler.ts (a child process: CDK's local
 * bundling is synchronous, esbuild's plugins are not). NodejsFunction's bundling takes no esbuild
 * plugins, hence a plain Function with local bundling. When bundling is skipped (tests: aws:cdk:bundling-stacks []),
 * CDK gives the asset a name-based hash instead of fingerprinting the repository.
 */
function handlerCode(entry: string, withPolicies: boolean, withOcr: boolean): lambda.Code {
  return lambda.Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling below always succeeds or throws. CDK requires an image.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      // CDK caches a bundle by the asset's options, where tryBundle (a function) does not count:
      // without what differs per function here, every function would get the first one's bundle.
      environment: {
        CROSSCLAIM_ENTRY: entry,
        CROSSCLAIM_WITH_POLICIES: String(withPolicies),
        CROSSCLAIM_WITH_OCR: String(withOcr),
      },
      local: {
        tryBundle(outputDir: string): boolean {
          execFileSync(
            process.execPath,
            [
              '--import',
              'tsx',
              join(REPO_ROOT, 'infra', 'bundle-handler.ts'),
              entry,
              outputDir,
              ...(withPolicies ? ['--with-policies'] : []),
              ...(withOcr ? ['--with-ocr'] : []),
            ],
            { cwd: REPO_ROOT, stdio: 'inherit' },
          );
          return true;
        },
      },
    },
  });
}

/** `arn:<partition>:states:<region>:<account>:stateMachine:<name>`, without a Ref. */
export function stateMachineArnOf(scope: Construct, stateMachineName: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
