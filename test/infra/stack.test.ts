import { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GLOBAL_SECONDARY_INDEXES,
  PRIMARY_KEY,
  TTL_ATTRIBUTE,
} from '../../adapters/dynamodb/table-definition';
import { RULES } from '../../events/patterns';
import { API_ROUTE_LIST, routeKey } from '../../functions/api-routes';
import { arnPlaceholder, FUNCTIONS, STEP_FUNCTION_NAMES, type FunctionName } from '../../functions/catalog';
import { ROLES } from '../../functions/shared/auth';
import { COGNITO_TRIGGERS, FUNCTION_ACCESS } from '../../infra/function-access';
import { ASYNC_INVOKED } from '../../infra/constructs/handlers';
import { CLAIM_DEFINITION_FILE } from '../../infra/paths';
import { bucketDeploymentFunction } from '../../infra/constructs/web';
import { actionsOf, arnOf, resourcesOf, synthesizedStack, type IamStatement } from './support';

const { stack, template, outdir } = synthesizedStack();
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Every statement of the one managed policy attached to a function's role. */
function statementsOf(name: FunctionName): IamStatement[] {
  const fn = resources[logicalId(stack.handlers.functions[name])]!;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resources).filter(
    (r) =>
      (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') &&
      JSON.stringify(r.Properties.Roles ?? []).includes(`"${roleId}"`),
  );
  expect(policies.map((p) => p.Type)).toEqual(['AWS::IAM::ManagedPolicy']);
  const role = resources[roleId]!;
  expect(role.Properties.ManagedPolicyArns ?? [], `${name}: no AWS managed policy`).toEqual([]);
  expect(role.Properties.Policies ?? [], `${name}: no inline policy`).toEqual([]);
  return (policies[0]!.Properties.PolicyDocument as { Statement: IamStatement[] }).Statement;
}

const tableId = () => logicalId(stack.data.table);

describe('infra: the claim state machine', () => {
  const [id, machine] = Object.entries(template.findResources('AWS::StepFunctions::StateMachine'))[0]!;

  it('is workflows/claim.asl.json as it is, a Standard machine with logging and X-Ray', () => {
    expect(id).toBe(logicalId(stack.workflow.stateMachine));
    const { Bucket: _bucket, Key } = machine.Properties.DefinitionS3Location as {
      Bucket: unknown;
      Key: string;
    };
    const deployed = JSON.parse(readFileSync(join(outdir, `asset.${Key}`), 'utf8')) as unknown;
    expect(deployed).toEqual(JSON.parse(readFileSync(CLAIM_DEFINITION_FILE, 'utf8')));
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: false,
    });
  });

  it('substitutes every ${…FunctionArn} placeholder of the file with the deployed function', () => {
    const text = readFileSync(CLAIM_DEFINITION_FILE, 'utf8');
    const placeholders = [...new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual(placeholders);
    for (const name of STEP_FUNCTION_NAMES) {
      expect(substitutions[arnPlaceholder(name)]).toEqual(arnOf(logicalId(stack.handlers.functions[name])));
    }
  });

  it('may invoke exactly the step functions, nothing else', () => {
    const roleId = (machine.Properties.RoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
    )!;
    const statements = (policy.Properties.PolicyDocument as { Statement: IamStatement[] }).Statement;
    const invoke = statements.find((s) => actionsOf(s).includes('lambda:InvokeFunction'))!;
    expect(actionsOf(invoke)).toEqual(['lambda:InvokeFunction']);
    expect(resourcesOf(invoke)).toEqual(
      STEP_FUNCTION_NAMES.map((name) => arnOf(logicalId(stack.handlers.functions[name]))),
    );
  });
});

describe('infra: the claims table (DESIGN §4)', () => {
  it('has the keys, GSIs and TTL of adapters/dynamodb/table-definition.ts, on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: PRIMARY_KEY.partitionKey, KeyType: 'HASH' },
        { AttributeName: PRIMARY_KEY.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('has point-in-time recovery, deletion protection and a customer-managed KMS key with rotation', () => {
    const keyId = logicalId(stack.data.key);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf(keyId) },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });
});

describe('infra: one function per handler, least privilege', () => {
  it('deploys every functions/catalog.ts entry on Node 22, arm64, X-Ray, Powertools configured', () => {
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).sort()).toEqual(
      [
        ...FUNCTION_NAMES.map((name) => logicalId(stack.handlers.functions[name])),
        ...Object.values(stack.handlers.triggers).map(logicalId),
        // aws-cdk-lib's function that copies the web pages into their bucket (test/infra/web.test.ts).
        logicalId(bucketDeploymentFunction(stack)),
      ].sort(),
    );
    for (const name of FUNCTION_NAMES) {
      const fn = resources[logicalId(stack.handlers.functions[name])]!.Properties;
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: 'crossclaim',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    }
  });

  it('gives each function one customer-managed policy with no wildcard action and "*" only where AWS allows nothing narrower', () => {
    for (const name of FUNCTION_NAMES) {
      for (const statement of statementsOf(name)) {
        expect(statement.Effect).toBe('Allow');
        for (const action of actionsOf(statement)) expect(action, `${name}: ${action}`).not.toMatch(/\*/);
        if (resourcesOf(statement).includes('*')) {
          for (const action of actionsOf(statement)) {
            expect(action, `${name}: ${action} on "*"`).toMatch(
              /^(xray:PutTraceSegments|xray:PutTelemetryRecords|textract:AnalyzeExpense)$/,
            );
          }
        }
      }
    }
  });

  it('limits every item action on the table to the partition keys the function uses', () => {
    for (const name of FUNCTION_NAMES) {
      const table = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      const granted = new Map<string, Set<string>>();
      for (const statement of table) {
        const [resource] = resourcesOf(statement);
        if (JSON.stringify(resource).includes('/index/')) {
          expect(actionsOf(statement)).toEqual(['dynamodb:Query']);
          continue;
        }
        expect(resource).toEqual(arnOf(tableId()));
        const keys = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[];
        expect(keys, `${name}: item actions without a key condition`).toBeDefined();
        for (const key of keys) {
          const actions = granted.get(key) ?? new Set();
          for (const action of actionsOf(statement)) actions.add(action.replace('dynamodb:', ''));
          granted.set(key, actions);
        }
      }
      const expected = new Map<string, Set<string>>();
      for (const grant of FUNCTION_ACCESS[name].items) {
        for (const key of grant.keys) {
          const pattern = key.endsWith('#') ? `${key}*` : key;
          expected.set(pattern, new Set([...(expected.get(pattern) ?? []), ...grant.actions]));
        }
      }
      expect(granted, name).toEqual(expected);
      // Never the whole table: no Scan, no batch actions, nothing without a key.
      const all = table.flatMap(actionsOf);
      expect(
        all.filter((a) => /Scan|Batch|DescribeTable/.test(a)),
        name,
      ).toEqual([]);
    }
  });

  it('pins the grants of the read-only and the narrowest functions', () => {
    const dynamoActions = (name: FunctionName) =>
      statementsOf(name)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('dynamodb:'));
    expect(dynamoActions('ListClaims')).toEqual(['dynamodb:Query']);
    expect(dynamoActions('ReviewQueue')).toEqual(['dynamodb:Query']);
    expect(dynamoActions('HospitalPostEBill')).toEqual([]);
    // Only its citizen's daily counter (QUOTA#…), one conditional update.
    expect(dynamoActions('UploadReceiptImage')).toEqual(['dynamodb:UpdateItem']);
    const quota = statementsOf('UploadReceiptImage').find((s) =>
      actionsOf(s).includes('dynamodb:UpdateItem'),
    )!;
    expect(JSON.stringify(quota.Condition)).toContain('QUOTA#');
    const listClaims = statementsOf('ListClaims').find((s) => actionsOf(s).includes('dynamodb:Query'))!;
    expect(resourcesOf(listClaims)).toEqual([{ 'Fn::Join': ['', [arnOf(tableId()), '/index/insured']] }]);
    // GetClaim reads; its one write is the record of a staff member's read, under CASEREAD# only.
    expect(dynamoActions('GetClaim').filter((a) => !/GetItem|Query/.test(a))).toEqual([
      'dynamodb:UpdateItem',
    ]);
    const readRecord = statementsOf('GetClaim').find((s) => actionsOf(s).includes('dynamodb:UpdateItem'))!;
    expect(actionsOf(readRecord)).toEqual(['dynamodb:UpdateItem']);
    expect(JSON.stringify(readRecord.Condition)).toContain('CASEREAD#');
    expect(JSON.stringify(readRecord.Condition)).not.toContain('CLAIM#');
  });

  it('lets only the functions that resume a waiting task send SendTaskSuccess, and only on the claim machine', () => {
    const machineName = resources[logicalId(stack.workflow.stateMachine)]!.Properties.StateMachineName;
    expect(machineName).toBe(`${stack.stackName}-claim`);
    const resumers = FUNCTION_NAMES.filter((name) =>
      statementsOf(name).some((s) => actionsOf(s).some((a) => a.startsWith('states:SendTask'))),
    );
    expect(resumers.sort()).toEqual([
      'AnswerInformation',
      'AwaitEBill',
      'CheckDecision',
      'DecideClaim',
      'IngestEBill',
      'RefetchWaitingBills',
    ]);
    for (const name of resumers) {
      const statement = statementsOf(name).find((s) => actionsOf(s).includes('states:SendTaskSuccess'))!;
      expect(actionsOf(statement)).toEqual(['states:SendTaskSuccess']);
      // Built from the name (a Ref would be a cycle: the machine invokes these functions).
      expect(JSON.stringify(resourcesOf(statement))).toContain(`:states:`);
      expect(JSON.stringify(resourcesOf(statement))).toContain(`:stateMachine:${String(machineName)}"`);
    }
    const starters = FUNCTION_NAMES.filter((name) =>
      statementsOf(name).some((s) => actionsOf(s).includes('states:StartExecution')),
    );
    expect(starters.sort()).toEqual(['FileAppeal', 'SubmitClaim']);
  });

  it('lets only the publishers put events, and only on the crossclaim bus', () => {
    const publishers = FUNCTION_NAMES.filter((name) =>
      statementsOf(name).some((s) => actionsOf(s).includes('events:PutEvents')),
    );
    expect(publishers.sort()).toEqual(
      FUNCTION_NAMES.filter((n) => FUNCTION_ACCESS[n].publishesEvents).sort(),
    );
    expect(publishers).toEqual(expect.arrayContaining(['HospitalPostEBill', 'SubmitClaim', 'Notify']));
    for (const reader of ['GetClaim', 'ListClaims', 'ReviewQueue', 'GetHistory'] as const) {
      expect(publishers).not.toContain(reader);
    }
    for (const name of publishers) {
      const statement = statementsOf(name).find((s) => actionsOf(s).includes('events:PutEvents'))!;
      expect(JSON.stringify(statement.Resource)).toContain(`event-bus/${stack.stackName}-events`);
    }
  });

  it('bundles the policies next to the functions that load them, and points POLICIES_DIR there', () => {
    for (const name of FUNCTION_NAMES) {
      const env = (
        resources[logicalId(stack.handlers.functions[name])]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(env.POLICIES_DIR, name).toBe(FUNCTION_ACCESS[name].policies ? '/var/task/policies' : undefined);
    }
  });
});

describe('infra: events', () => {
  it('has a rule per events/patterns.ts rule, with the same pattern, on the crossclaim bus', () => {
    // The workflow's failed-executions rule is on the default bus (Step Functions sends there).
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter(
      (r) => r.Properties.EventBusName !== undefined,
    );
    expect(rules).toHaveLength(RULES.length);
    for (const rule of RULES) {
      const deployed = rules.find((r) => String(r.Properties.Name).endsWith(rule.name))!;
      expect(deployed.Properties.EventPattern).toEqual(JSON.parse(JSON.stringify(rule.pattern)));
      expect(deployed.Properties.EventBusName).toEqual({ Ref: logicalId(stack.events.bus) });
    }
  });

  it('sends claim executions that end without success to the workflow dead-letter queue', () => {
    const queue = logicalId(stack.workflow.failedExecutions);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: logicalId(stack.workflow.stateMachine) }],
        },
      },
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } })]),
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('gives every event target a dead-letter queue and a retry policy', () => {
    const targets = Object.values(template.findResources('AWS::Events::Rule')).flatMap(
      (r) => r.Properties.Targets as Record<string, unknown>[],
    );
    expect(targets.length).toBeGreaterThanOrEqual(RULES.length);
    for (const target of targets) {
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
      expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: expect.any(Number) });
    }
    template.hasResourceProperties('AWS::Events::EventBus', {
      DeadLetterConfig: { Arn: Match.anyValue() },
      KmsKeyIdentifier: Match.anyValue(),
    });
  });

  it('gives every asynchronously invoked function a dead-letter queue, and archives every event', () => {
    for (const name of ASYNC_INVOKED) {
      const fn = resources[logicalId(stack.handlers.functions[name])]!.Properties;
      expect(fn.DeadLetterConfig, name).toEqual({ TargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
    }
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
    template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
  });
});

describe('infra: receipt images bucket', () => {
  const receipts = resources[logicalId(stack.data.receipts)]!.Properties;

  it('blocks public access, is KMS-encrypted and versioned, and goes to cheaper storage', () => {
    expect(receipts.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(receipts.BucketEncryption)).toContain('aws:kms');
    expect(receipts.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(JSON.stringify(receipts.LifecycleConfiguration)).toContain('STANDARD_IA');
  });

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack.data.receipts) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('infra: receipt images on S3, least privilege', () => {
  const receiptsArn = arnOf(logicalId(stack.data.receipts));
  const s3Statements = (name: FunctionName) =>
    statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));

  it('lets only the functions that read or write images touch the bucket, only under receipt-images/', () => {
    for (const name of FUNCTION_NAMES) {
      const modes = FUNCTION_ACCESS[name].receiptImages ?? [];
      const statements = s3Statements(name);
      if (modes.length === 0) {
        expect(statements, name).toEqual([]);
        continue;
      }
      expect(statements, name).toHaveLength(1);
      expect(actionsOf(statements[0]!).sort(), name).toEqual(
        modes.map((m) => (m === 'read' ? 's3:GetObject' : 's3:PutObject')).sort(),
      );
      expect(resourcesOf(statements[0]!), name).toEqual([
        { 'Fn::Join': ['', [receiptsArn, '/receipt-images/*']] },
      ]);
    }
    expect(actionsOf(s3Statements('UploadReceiptImage')[0]!)).toEqual(['s3:PutObject']);
    expect(actionsOf(s3Statements('ReadReceipt')[0]!)).toEqual(['s3:GetObject']);
    expect(s3Statements('GetClaim')).toEqual([]);
  });

  it('tells exactly those functions the bucket and the key every object is encrypted with', () => {
    for (const name of FUNCTION_NAMES) {
      const env = (
        resources[logicalId(stack.handlers.functions[name])]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      const uses = (FUNCTION_ACCESS[name].receiptImages ?? []).length > 0;
      expect(env.RECEIPT_IMAGES_BUCKET, name).toEqual(
        uses ? { Ref: logicalId(stack.data.receipts) } : undefined,
      );
      expect(env.RECEIPT_IMAGES_KMS_KEY, name).toEqual(uses ? arnOf(logicalId(stack.data.key)) : undefined);
    }
  });
});

describe('infra: citizen notifications on SNS', () => {
  const topicId = logicalId(stack.notifications.topic);
  const publishers = () =>
    FUNCTION_NAMES.filter((name) => statementsOf(name).some((s) => actionsOf(s).includes('sns:Publish')));

  it('is a topic encrypted with the data key that refuses requests without TLS', () => {
    expect(resources[topicId]!.Properties.KmsMasterKeyId).toEqual(arnOf(logicalId(stack.data.key)));
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('may be published to only by the functions that notify citizens, and only that topic', () => {
    expect(publishers().sort()).toEqual(
      FUNCTION_NAMES.filter((n) => FUNCTION_ACCESS[n].notifiesCitizens).sort(),
    );
    // SubmitClaim tells the citizen when someone else filed for them (帮办 / 代办).
    expect(publishers()).toEqual(
      expect.arrayContaining(['PayOut', 'RecordRejection', 'DecideClaim', 'SubmitClaim']),
    );
    for (const reader of ['GetClaim', 'ListClaims', 'UploadReceiptImage', 'ListDelegations'] as const) {
      expect(publishers()).not.toContain(reader);
    }
    for (const name of publishers()) {
      const statement = statementsOf(name).find((s) => actionsOf(s).includes('sns:Publish'))!;
      expect(actionsOf(statement)).toEqual(['sns:Publish']);
      expect(resourcesOf(statement)).toEqual([{ Ref: topicId }]);
      // Publishing to a KMS-encrypted topic needs a data key from the topic's key.
      const kms = statementsOf(name).find((s) => actionsOf(s).includes('kms:GenerateDataKey'));
      expect(kms && resourcesOf(kms), name).toEqual([arnOf(logicalId(stack.data.key))]);
      const env = (
        resources[logicalId(stack.handlers.functions[name])]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(env.NOTIFICATION_TOPIC_ARN, name).toEqual({ Ref: topicId });
    }
  });
});

describe('infra: HTTP API and Cognito', () => {
  it('has a route per functions/api-routes.ts route, each behind the Cognito JWT authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(API_ROUTE_LIST.map(routeKey).sort());
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('JWT');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  it('has the groups the handlers know, and no self sign-up', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
  });

  it('runs the pre token generation trigger (V2_0) on the user pool, allowed to be invoked by that pool only', () => {
    const triggerArn = arnOf(logicalId(stack.handlers.triggers.PreTokenGeneration));
    const poolId = logicalId(stack.api.userPool);
    expect(resources[poolId]!.Properties.LambdaConfig).toEqual({
      PreTokenGenerationConfig: { LambdaArn: triggerArn, LambdaVersion: 'V2_0' },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: triggerArn,
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: arnOf(poolId),
    });
  });

  it('keeps the citizen’s ID-number hash in an immutable attribute no app client may read or write', () => {
    const pool = resources[logicalId(stack.api.userPool)]!.Properties;
    expect(pool.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Name: 'idNumberHash',
          AttributeDataType: 'String',
          Mutable: false,
          StringAttributeConstraints: { MinLength: '71', MaxLength: '71' },
        }),
      ]),
    );
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties;
    expect(client.ReadAttributes).not.toContain('custom:idNumberHash');
    expect(client.WriteAttributes ?? []).toEqual([]);
  });

  it('gives the trigger a role that may only write its logs and traces', () => {
    const fn = resources[logicalId(stack.handlers.triggers.PreTokenGeneration)]!;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
    )!;
    const actions = (policy.Properties.PolicyDocument as { Statement: IamStatement[] }).Statement.flatMap(
      actionsOf,
    );
    expect(actions.sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Timeout: 5, Handler: 'index.handler' });
  });
});

describe('infra: observability', () => {
  it('alarms on failed executions, dead letters, review SLA, Lambda errors and throttles', () => {
    // In their nested stack (crossclaim-stack.ts: the parent would pass 500 resources with them).
    const monitoring = Template.fromStack(stack.monitoring);
    expect(template.findResources('AWS::CloudWatch::Alarm')).toEqual({});
    const alarms = Object.values(monitoring.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const named = (metric: string) => alarms.filter((a) => a.MetricName === metric);
    expect(named('ExecutionsFailed')).toHaveLength(1);
    expect(named('ReviewsEscalated')).toHaveLength(1);
    expect(named('ApproximateNumberOfMessagesVisible').length).toBeGreaterThanOrEqual(RULES.length + 1);
    // Every handler and every Cognito trigger (a failing trigger blocks sign-ins).
    const functionCount = FUNCTION_NAMES.length + Object.keys(COGNITO_TRIGGERS).length;
    expect(named('Errors')).toHaveLength(functionCount);
    expect(named('Throttles')).toHaveLength(functionCount);
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
    monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('the stack stays under CloudFormation’s 500 resources, each nested stack too', () => {
    const count = (t: Template) => Object.keys(t.toJSON().Resources as object).length;
    expect(count(template)).toBeLessThan(500);
    expect(count(Template.fromStack(stack.monitoring))).toBeLessThan(500);
  });
});

describe('infra: cdk-nag', () => {
  it('AwsSolutions and HIPAA.Security report no unacknowledged finding', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
    };
    const packs = report.pluginReports.filter((r) =>
      ['AwsSolutions', 'HIPAA.Security'].includes(r.pluginName),
    );
    expect(packs.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'HIPAA.Security']);
    for (const pack of packs) {
      expect(pack.violations, pack.pluginName).toEqual([]);
      expect(pack.conclusion).toBe('success');
    }
  });
});
