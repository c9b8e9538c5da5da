import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { FunctionAccess, TableAction } from '../function-access';
import type { HandlersProps } from './handlers';

/** Where receipt images live in the bucket (domain/receipt-image.ts receiptImageKey). */
export const RECEIPT_IMAGE_PREFIX = 'receipt-images/';

const READ_ACTIONS = new Set<TableAction>(['GetItem', 'Query']);

/** What every function needs to run: its own log group, X-Ray, and its async DLQ if it has one. */
export function runtimeStatements(
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

/** The IAM statements FunctionAccess describes: nothing a function was not declared to touch. */
export function statementsFor(
  access: FunctionAccess,
  props: Pick<
    HandlersProps,
    'table' | 'key' | 'receipts' | 'notifications' | 'stateMachineArn' | 'eventBusArn'
  >,
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
  // SSE-KMS on S3 and SNS: writing (PutObject, Publish) needs a data key, reading needs Decrypt.
  if (actions.size > 0 || images.length > 0 || access.notifiesCitizens) {
    const writes =
      [...actions].some((action) => !READ_ACTIONS.has(action)) ||
      images.includes('write') ||
      access.notifiesCitizens === true;
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
  if (access.notifiesCitizens) {
    statements.push(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.notifications.topicArn] }),
    );
  }
  return statements;
}
