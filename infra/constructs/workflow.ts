import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { arnPlaceholder, STEP_FUNCTION_NAMES, type FunctionName } from '../../functions/catalog';
import { CLAIM_DEFINITION_FILE } from '../paths';
import { deadLetterQueue } from './events';

export interface WorkflowProps {
  stateMachineName: string;
  functions: Record<FunctionName, lambda.IFunction>;
  key: kms.IKey;
  logRetention: logs.RetentionDays;
}

/**
 * The claim state machine: workflows/claim.asl.json as it is (the file the local runtime runs),
 * every `${<Name>FunctionArn}` substituted with the deployed function's ARN. Standard (exactly
 * once per state, a year, callbacks), every event logged to an encrypted log group, X-Ray on.
 * Its role may invoke exactly the step functions, nothing else.
 */
export class WorkflowConstruct extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /**
   * The workflow's dead letters: executions that ended FAILED, TIMED_OUT or ABORTED. A step's
   * failure is caught and recorded for a clerk inside the machine; an execution only fails when
   * even that could not be recorded, and then it must not be only a line in a log.
   * `crossclaim events dlq redrive --queue-url <this queue>` redrives it (RedriveExecution).
   */
  readonly failedExecutions: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const stepFunctions = STEP_FUNCTION_NAMES.map((name) => props.functions[name]);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps CloudWatch's resource policy small (AWS's recommendation).
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'crossclaim claim workflow: invokes the step functions',
    });
    // Everything the state machine does, in one customer-managed policy; the role is handed
    // over immutable, so CDK adds nothing to it.
    new iam.ManagedPolicy(this, 'Policy', {
      description: 'crossclaim claim workflow: invoke the step functions, log, trace',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: stepFunctions.map((fn) => fn.functionArn),
        }),
        // CloudWatch Logs delivery and X-Ray: these APIs take no resource (AWS's documented policy).
        new iam.PolicyStatement({
          actions: [
            'logs:CreateLogDelivery',
            'logs:GetLogDelivery',
            'logs:UpdateLogDelivery',
            'logs:DeleteLogDelivery',
            'logs:ListLogDeliveries',
            'logs:PutResourcePolicy',
            'logs:DescribeResourcePolicies',
            'logs:DescribeLogGroups',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          resources: ['*'],
        }),
      ],
    });

    this.stateMachine = new sfn.StateMachine(this, 'Claim', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(CLAIM_DEFINITION_FILE),
      definitionSubstitutions: Object.fromEntries(
        STEP_FUNCTION_NAMES.map((name) => [arnPlaceholder(name), props.functions[name].functionArn]),
      ),
      role: role.withoutPolicyUpdates(),
      tracingEnabled: true,
      // Every state's transition is logged, without its input and output: a step's result or an
      // error's cause can carry what an outside system said about a person (docs/security.md).
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    this.failedExecutions = deadLetterQueue(this, 'FailedExecutions');
    // Step Functions sends status changes to the account's default bus.
    new events.Rule(this, 'FailedExecutionsRule', {
      description: 'Claim executions that ended without success, to the workflow dead-letter queue',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [this.stateMachine.stateMachineArn],
        },
      },
      targets: [
        new targets.SqsQueue(this.failedExecutions, {
          deadLetterQueue: deadLetterQueue(this, 'FailedExecutionsUndelivered'),
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}

/** The name a stack gives its claim state machine (the functions need its ARN before it exists). */
export const claimStateMachineName = (scope: Construct): string => `${Stack.of(scope).stackName}-claim`;
