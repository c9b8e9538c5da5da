import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { FUNCTIONS, type FunctionName } from '../../functions/catalog';
import { FUNCTION_ACCESS, type FunctionAccess, type TableAction } from '../function-access';
import { BUNDLE_TARGET, ESM_REQUIRE_BANNER, MAIN_FIELDS, NOT_BUNDLED } from '../bundling';
import { REPO_ROOT } from '../paths';

export interface HandlersProps {
  table: dynamodb.ITable;
  key: kms.IKey;
  receipts: s3.IBucket;
  /** The claim state machine's ARN, built from its name (a Ref would make a cycle: it invokes these). */
  stateMachineArn: string;
  eventBusName: string;
  eventBusArn: string;
  hospitalApiUrl: string;
  bankApiUrl: string;
  /** Dead-letter queue for the functions invoked asynchronously (by EventBridge). */
  asyncDeadLetterQueue: sqs.IQueue;
  logLevel: string;
  logRetention: logs.RetentionDays;
}

/** Functions EventBridge invokes (asynchronously): their failed invocations go to a DLQ. */
export const ASYNC_INVOKED: readonly FunctionName[] = ['IngestEBill'];

/** Where receipt images live in the bucket (domain/receipt-image.ts receiptImageKey). */
export const RECEIPT_IMAGE_PREFIX = 'receipt-images/';

/** Where the bundled policies/ lands in the function package (/var/task on Lambda). */
export const POLICIES_DIR_IN_PACKAGE = '/var/task/policies';

/**
 * One NodejsFunction per handler of functions/catalog.ts: Node 22 on arm64, bundled by esbuild
 * (ESM, minified, source maps, the AWS SDK v3 from the runtime), X-Ray active, Powertools
 * configured by environment, a log group of its own with a retention, and IAM statements built
 * from infra/function-access.ts, nothing broader.
 */
export class HandlersConstruct extends Construct {
  readonly functions: Record<FunctionName, nodejs.NodejsFunction>;

  constructor(scope: Construct, id: string, props: HandlersProps) {
    super(scope, id);
    const entries = Object.entries(FUNCTIONS) as [FunctionName, string][];
    this.functions = Object.fromEntries(
      entries.map(([name, entry]) => {
        const access = (FUNCTION_ACCESS as Partial<Record<FunctionName, FunctionAccess>>)[name];
        if (!access) {
          throw new Error(
            `${name} (${entry}) has no entry in infra/function-access.ts: say what it may touch before deploying it`,
          );
        }
        return [name, this.handler(name, entry, access, props)];
      }),
    ) as Record<FunctionName, nodejs.NodejsFunction>;
  }

  private handler(
    name: FunctionName,
    entry: string,
    access: FunctionAccess,
    props: HandlersProps,
  ): nodejs.NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${name}Logs`, {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: 'crossclaim',
      POWERTOOLS_METRICS_NAMESPACE: 'crossclaim',
      POWERTOOLS_LOG_LEVEL: props.logLevel,
      NODE_OPTIONS: '--enable-source-maps',
    };
    if (access.items.length > 0 || access.indexes?.length) environment.TABLE_NAME = props.table.tableName;
    if (access.policies) environment.POLICIES_DIR = POLICIES_DIR_IN_PACKAGE;
    if (access.hospitalApi) environment.HOSPITAL_API_URL = props.hospitalApiUrl;
    if (access.bankApi) environment.BANK_API_URL = props.bankApiUrl;
    if (access.startsExecutions) environment.CLAIM_STATE_MACHINE_ARN = props.stateMachineArn;
    if (access.publishesEvents) environment.EVENT_BUS_NAME = props.eventBusName;
    if (access.receiptImages?.length) environment.RECEIPT_IMAGES_BUCKET = props.receipts.bucketName;
    if (access.ocr) environment.OCR_ENGINE = 'tesseract';

    const asyncInvoked = ASYNC_INVOKED.includes(name);
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
      ],
    });
    const fn = new nodejs.NodejsFunction(this, name, {
      role: role.withoutPolicyUpdates(),
      description: `crossclaim ${name} (${entry})`,
      entry: join(REPO_ROOT, entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
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
      bundling: {
        // When bundling is skipped (tests: aws:cdk:bundling-stacks []), CDK would fingerprint the
        // whole project root, node_modules included, once per function: a fixed hash instead.
        ...(!Stack.of(this).bundlingRequired && {
          assetHash: createHash('sha256').update(`unbundled:${entry}`).digest('hex'),
        }),
        format: nodejs.OutputFormat.ESM,
        target: BUNDLE_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: MAIN_FIELDS,
        externalModules: NOT_BUNDLED,
        banner: ESM_REQUIRE_BANNER,
        ...(access.policies && {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            // A region is a JSON file: the files go next to the bundle, read from POLICIES_DIR.
            afterBundling: (inputDir: string, outputDir: string) => [
              `mkdir -p "${outputDir}/policies"`,
              `cp "${inputDir}"/policies/*.json "${outputDir}/policies/"`,
            ],
          },
        }),
      },
    });
    fn.node.addDependency(role);
    return fn;
  }
}

const READ_ACTIONS = new Set<TableAction>(['GetItem', 'Query']);

/** What every function needs to run: its own log group, X-Ray, and its async DLQ if it has one. */
function runtimeStatements(
  logGroup: logs.ILogGroup,
  deadLetters: sqs.IQueue | undefined,
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      // The log group ARN as CloudFormation gives it ends in ":*": its log streams.
      resources: [logGroup.logGroupArn],
    }),
    // X-Ray has no resource-level permissions.
    new iam.PolicyStatement({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      resources: ['*'],
    }),
    ...(deadLetters
      ? [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetters.queueArn] })]
      : []),
  ];
}

/** The IAM statements FunctionAccess describes; exported for the tests. */
export function statementsFor(
  access: FunctionAccess,
  props: Pick<HandlersProps, 'table' | 'key' | 'receipts' | 'stateMachineArn' | 'eventBusArn'>,
): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = access.items.map(
    (grant) =>
      new iam.PolicyStatement({
        actions: grant.actions.map((action) => `dynamodb:${action}`),
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': grant.keys.map((prefix) =>
              prefix.endsWith('#') ? `${prefix}*` : prefix,
            ),
          },
        },
      }),
  );
  for (const index of access.indexes ?? []) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${index}`],
      }),
    );
  }
  const images = access.receiptImages ?? [];
  if (images.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: images.map((mode) => (mode === 'read' ? 's3:GetObject' : 's3:PutObject')),
        resources: [props.receipts.arnForObjects(`${RECEIPT_IMAGE_PREFIX}*`)],
      }),
    );
  }
  if (access.ocr) {
    // Textract has no resource-level permissions: AnalyzeExpense is allowed on "*" or nothing.
    statements.push(new iam.PolicyStatement({ actions: ['textract:AnalyzeExpense'], resources: ['*'] }));
  }
  const actions = new Set<TableAction>(access.items.flatMap((grant) => grant.actions));
  if ((access.indexes?.length ?? 0) > 0) actions.add('Query');
  if (actions.size > 0 || images.length > 0) {
    const writes = [...actions].some((action) => !READ_ACTIONS.has(action)) || images.includes('write');
    statements.push(
      new iam.PolicyStatement({
        actions: [
          'kms:Decrypt',
          'kms:DescribeKey',
          ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []),
        ],
        resources: [props.key.keyArn],
      }),
    );
  }
  if (access.resumesTasks) {
    statements.push(
      new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [props.stateMachineArn] }),
    );
  }
  if (access.startsExecutions) {
    statements.push(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [props.stateMachineArn] }),
    );
  }
  if (access.publishesEvents) {
    statements.push(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [props.eventBusArn] }),
    );
  }
  return statements;
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
