import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RULES, type RuleTargetName } from '../../events/patterns';

/** A hospital and the AWS account it publishes from. */
export interface HospitalAccount {
  hospitalCode: string;
  accountId: string;
}

export interface EventsProps {
  busName: string;
  key: kms.IKey;
  ingestEBill: lambda.IFunction;
  /** Each hospital's AWS account: it may put events on the bus under its own source only. */
  hospitalAccounts: readonly HospitalAccount[];
}

/** A queue that holds what could not be delivered: SSE, TLS only, the longest retention SQS has. */
export function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}

/**
 * The crossclaim event bus: hospitals' e-bills and crossclaim's own claim and review events.
 * Rules are the ones of events/patterns.ts, the same the local bus runs. Every target retries
 * and dead-letters to a queue of its own, and every event is archived for replay.
 *
 * The rules' targets NotifyEscalationFunction and DashboardFeedFunction are not functions yet:
 * they are SQS queues here (escalations for the supervisors' alerting, the dashboard's live
 * feed), which the functions will consume once they exist; nothing is lost meanwhile.
 */
export class EventsConstruct extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly rules: Record<RuleTargetName, events.Rule>;
  /** One dead-letter queue per rule target, named by the target. */
  readonly deadLetterQueues: Record<RuleTargetName, sqs.Queue>;
  readonly escalations: sqs.Queue;
  readonly dashboardFeed: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: props.busName,
      description: 'crossclaim: hospital e-bills (signed), claim and review events',
      kmsKey: props.key,
      deadLetterQueue: deadLetterQueue(this, 'BusDeadLetters'),
    });
    this.archive = this.bus.archive('Archive', {
      description: 'Every event on the crossclaim bus, for replay after a consumer fix',
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(365),
      kmsKey: props.key,
    });
    for (const { hospitalCode, accountId } of props.hospitalAccounts) {
      // A hospital's account may put events only as that hospital (source hospital.<its code>),
      // so one hospital can never publish as another; the bill's signature is still checked.
      new events.CfnEventBusPolicy(this, `Hospital${hospitalCode}`, {
        eventBusName: this.bus.eventBusName,
        statementId: `hospital-${hospitalCode}`,
        statement: {
          Effect: 'Allow',
          Principal: { AWS: `arn:${Stack.of(this).partition}:iam::${accountId}:root` },
          Action: 'events:PutEvents',
          Resource: this.bus.eventBusArn,
          Condition: { StringEquals: { 'events:source': `hospital.${hospitalCode}` } },
        },
      });
    }

    this.escalations = new sqs.Queue(this, 'Escalations', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: deadLetterQueue(this, 'EscalationsRedrive'), maxReceiveCount: 5 },
    });
    this.dashboardFeed = new sqs.Queue(this, 'DashboardFeed', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: deadLetterQueue(this, 'DashboardFeedRedrive'), maxReceiveCount: 5 },
    });

    const dlqs = {} as Record<RuleTargetName, sqs.Queue>;
    const rules = {} as Record<RuleTargetName, events.Rule>;
    const retry = { retryAttempts: 8, maxEventAge: Duration.hours(24) };
    for (const rule of RULES) {
      const dlq = deadLetterQueue(this, `${rule.target}DeadLetters`);
      dlqs[rule.target] = dlq;
      const target: events.IRuleTarget =
        rule.target === 'IngestEBillFunction'
          ? new targets.LambdaFunction(props.ingestEBill, { deadLetterQueue: dlq, ...retry })
          : new targets.SqsQueue(
              rule.target === 'NotifyEscalationFunction' ? this.escalations : this.dashboardFeed,
              {
                deadLetterQueue: dlq,
                ...retry,
              },
            );
      rules[rule.target] = new events.Rule(this, rule.target.replace(/Function$/, 'Rule'), {
        ruleName: `${props.busName}-${rule.name}`.slice(0, 64),
        description: rule.description,
        eventBus: this.bus,
        eventPattern: toCdkPattern(rule.pattern),
        targets: [target],
      });
    }
    this.deadLetterQueues = dlqs;
    this.rules = rules;
  }
}

/**
 * events/patterns.ts holds EventBridge's JSON pattern; CDK's EventPattern uses camelCase keys
 * for the envelope fields and takes the rest (`detail`) as is.
 */
function toCdkPattern(pattern: object): events.EventPattern {
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    renamed[key === 'detail-type' ? 'detailType' : key] = value;
  }
  return renamed as events.EventPattern;
}
