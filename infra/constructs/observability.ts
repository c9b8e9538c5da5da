import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  dashboardName: string;
  key: kms.IKey;
  stateMachine: sfn.StateMachine;
  functions: Record<string, lambda.Function>;
  /** Every queue whose messages mean something was not delivered. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  escalations: sqs.IQueue;
  httpApi: apigwv2.HttpApi;
  /** Where alarms go (an e-mail address subscribes to the topic after deploying). */
  alarmEmail?: string;
}

/** Powertools business metrics: namespace and default dimension (functions/shared/observability.ts). */
const businessMetric = (metricName: string, period = Duration.hours(1)) =>
  new cloudwatch.Metric({
    namespace: 'crossclaim',
    metricName,
    dimensionsMap: { service: 'crossclaim' },
    statistic: 'Sum',
    period,
  });

/**
 * Alarms on what must never go unnoticed, all to one encrypted SNS topic: executions that
 * failed, timed out or were aborted; anything in a dead-letter queue; a clerk-review case past
 * its SLA (EscalateReview's ReviewsEscalated, and escalations nobody picks up); Lambda errors
 * and throttles per function; 5xx from the API. And one dashboard with the same signals.
 */
export class ObservabilityConstruct extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: props.key, enforceSSL: true });
    if (props.alarmEmail) {
      new sns.Subscription(this, 'AlarmEmail', {
        topic: this.topic,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: props.alarmEmail,
      });
    }
    const alarm = (alarmId: string, metric: cloudwatch.Metric, description: string, threshold = 0) => {
      const created = metric.createAlarm(this, alarmId, {
        alarmDescription: description,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    const sm = props.stateMachine;
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm('ExecutionsFailed', sm.metricFailed(fiveMinutes), 'A claim execution failed (a claim may be lost)');
    alarm('ExecutionsTimedOut', sm.metricTimedOut(fiveMinutes), 'A claim execution timed out');
    alarm('ExecutionsAborted', sm.metricAborted(fiveMinutes), 'A claim execution was stopped');

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        `Undelivered messages in ${name}: redrive after fixing the consumer`,
      );
    }
    alarm(
      'ReviewPastSla',
      businessMetric('ReviewsEscalated'),
      'A case waited for a clerk past the review SLA (EscalateReview ran)',
    );
    alarm(
      'EscalationsUnhandled',
      props.escalations.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      'An escalation waited over 4 hours for a supervisor',
      4 * 3600,
    );

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors(fiveMinutes), `${name} returned errors`);
      alarm(`${name}Throttles`, fn.metricThrottles(fiveMinutes), `${name} was throttled`);
    }
    const api5xx = new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName: '5xx',
      dimensionsMap: { ApiId: props.httpApi.apiId, Stage: '$default' },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    alarm('Api5xx', api5xx, 'The HTTP API answered 5xx');

    const fns = Object.entries(props.functions);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Claims (business metrics)',
            left: [
              'ClaimsSubmitted',
              'ClaimsPaid',
              'ClaimsRejected',
              'ClaimsSentToReview',
              'ClaimsFailed',
            ].map((name) => businessMetric(name, Duration.minutes(5))),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Claim executions',
            left: [
              sm.metricStarted(fiveMinutes),
              sm.metricSucceeded(fiveMinutes),
              sm.metricFailed(fiveMinutes),
              sm.metricTimedOut(fiveMinutes),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Lambda errors',
            left: fns.map(([, fn]) => fn.metricErrors(fiveMinutes)),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Lambda throttles',
            left: fns.map(([, fn]) => fn.metricThrottles(fiveMinutes)),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Lambda duration p95',
            left: fns.map(([, fn]) => fn.metricDuration({ period: Duration.minutes(5), statistic: 'p95' })),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Dead letters',
            left: Object.values(props.deadLetterQueues).map((q) =>
              q.metricApproximateNumberOfMessagesVisible({
                period: Duration.minutes(5),
                statistic: 'Maximum',
              }),
            ),
            width: 12,
          }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 12 }),
        ],
      ],
    });
  }
}
