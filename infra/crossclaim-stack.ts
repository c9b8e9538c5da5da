import type { VisitSourceKind } from '../adapters/visits/visit-source';
import { ArnFormat, CfnOutput, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type { CfnUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { API_FUNCTION_NAMES, type ApiFunctionName } from '../functions/catalog';
import { ApiConstruct, type ApiDomain } from './constructs/api';
import { DataConstruct } from './constructs/data';
import { deadLetterQueue, EventsConstruct, type HospitalAccount } from './constructs/events';
import { scheduleFunctions, type ScheduledFunctionName } from './constructs/schedules';
import { HandlersConstruct, stateMachineArnOf } from './constructs/handlers';
import { NotificationsConstruct } from './constructs/notifications';
import { ObservabilityConstruct } from './constructs/observability';
import { WebConstruct, type WebDomain } from './constructs/web';
import { claimStateMachineName, WorkflowConstruct } from './constructs/workflow';

export interface CrossclaimStackProps extends StackProps {
  /** The hospitals' fetch API (HOSPITAL_API_URL): the province's hospital gateway. */
  hospitalApiUrl: string;
  /** The bank's payout API (BANK_API_URL). */
  bankApiUrl: string;
  /** The home region's insurance system API (HOME_REGION_API_URL). */
  homeRegionApiUrl?: string;
  /**
   * Where citizens' visits come from (GET /my/visits): the home region's record of cross-province
   * visits (the default) or the hospitals the citizen names.
   */
  visitSource?: VisitSourceKind;
  /** Hospitals that put e-bill events on the bus directly, each from its own AWS account. */
  hospitalAccounts?: readonly HospitalAccount[];
  alarmEmail?: string;
  /** Powertools log level of the handlers. Default INFO. */
  logLevel?: string;
  /** The pages' own domain and its us-east-1 ACM certificate; without, *.cloudfront.net. */
  webDomain?: WebDomain;
  /**
   * The API's own domain and its regional ACM certificate: execute-api is then switched off, so
   * every call comes through CloudFront's web ACL (and its origin-verify header).
   */
  apiDomain?: ApiDomain;
  /** A CLOUDFRONT-scope WAFv2 web ACL (made in us-east-1) for the distribution, by ARN. */
  webAclArn?: string;
  /** The hosted sign-in domain prefix (<prefix>.auth.<region>.amazoncognito.com); crossclaim-<account> by default. */
  signInDomainPrefix?: string;
}

/**
 * crossclaim on AWS, one stack of eight constructs: data (table, key, receipts bucket, backups),
 * the citizen-notification topic,
 * the handlers (one Lambda function per functions/ entry), the workflow (claim.asl.json), events
 * (bus, rules of events/patterns.ts, DLQs, archive), the API (Cognito + HTTP API),
 * observability (alarms, dashboard) and the web pages (S3 + CloudFront, the API on the same origin).
 */
export class CrossclaimStack extends Stack {
  readonly data: DataConstruct;
  readonly notifications: NotificationsConstruct;
  readonly handlers: HandlersConstruct;
  readonly workflow: WorkflowConstruct;
  readonly events: EventsConstruct;
  /** The rules of the functions that run on a clock (constructs/schedules.ts). */
  readonly schedules: Record<ScheduledFunctionName, events.Rule>;
  readonly api: ApiConstruct;
  /** The nested stack of the alarms and dashboard (observability). */
  readonly monitoring: NestedStack;
  readonly observability: ObservabilityConstruct;
  readonly web: WebConstruct;

  constructor(scope: Construct, id: string, props: CrossclaimStackProps) {
    super(scope, id, props);
    const logRetention = logs.RetentionDays.ONE_YEAR;
    const stateMachineName = claimStateMachineName(this);
    const busName = `${this.stackName}-events`;
    const eventBusArn = this.formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: busName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    this.data = new DataConstruct(this, 'Data');
    this.notifications = new NotificationsConstruct(this, 'Notifications', { key: this.data.key });
    const asyncDeadLetters = deadLetterQueue(this, 'AsyncInvokeDeadLetters');
    this.handlers = new HandlersConstruct(this, 'Handlers', {
      table: this.data.table,
      key: this.data.key,
      receipts: this.data.receipts,
      notifications: this.notifications.topic,
      stateMachineArn: stateMachineArnOf(this, stateMachineName),
      eventBusName: busName,
      eventBusArn,
      hospitalApiUrl: props.hospitalApiUrl,
      bankApiUrl: props.bankApiUrl,
      homeRegionApiUrl: props.homeRegionApiUrl ?? 'https://home-region-gateway.invalid',
      visitSource: props.visitSource ?? 'home-region',
      asyncDeadLetterQueue: asyncDeadLetters,
      logLevel: props.logLevel ?? 'INFO',
      logRetention,
    });
    const functions = this.handlers.functions;
    this.workflow = new WorkflowConstruct(this, 'Workflow', {
      stateMachineName,
      functions,
      key: this.data.key,
      logRetention,
    });
    this.events = new EventsConstruct(this, 'Events', {
      busName,
      key: this.data.key,
      ingestEBill: functions.IngestEBill,
      hospitalAccounts: props.hospitalAccounts ?? [],
    });
    const scheduled = scheduleFunctions(this, { functions });
    this.schedules = scheduled.rules;
    this.api = new ApiConstruct(this, 'Api', {
      functions: Object.fromEntries(API_FUNCTION_NAMES.map((name) => [name, functions[name]])) as Record<
        ApiFunctionName,
        (typeof functions)[ApiFunctionName]
      >,
      key: this.data.key,
      logRetention,
      preTokenGeneration: this.handlers.triggers.PreTokenGeneration,
      ...(props.apiDomain && { domain: props.apiDomain }),
    });
    // Alarms and the dashboard in a nested stack: with one function, role, policy and log group
    // per handler, and an errors and a throttles alarm each, one stack would pass
    // CloudFormation's 500 resources (513 with 53 functions); the nested stack counts as one.
    this.monitoring = new NestedStack(this, 'Monitoring', {
      description: 'crossclaim: alarms and the dashboard',
    });
    this.observability = new ObservabilityConstruct(this.monitoring, 'Observability', {
      dashboardName: this.stackName,
      key: this.data.key,
      stateMachine: this.workflow.stateMachine,
      functions: { ...functions, ...this.handlers.triggers },
      deadLetterQueues: {
        ...this.events.deadLetterQueues,
        FailedExecutions: this.workflow.failedExecutions,
        AsyncInvokeDeadLetters: asyncDeadLetters,
        ...scheduled.deadLetters,
      },
      escalations: this.events.escalations,
      httpApi: this.api.httpApi,
      ...(props.alarmEmail && { alarmEmail: props.alarmEmail }),
    });

    // The pool's hosted sign-in (Cognito's own page): the pages' code + PKCE flow goes there.
    const signInDomain = this.api.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? `crossclaim-${this.account}` },
    });
    this.web = new WebConstruct(this, 'Web', {
      signIn: {
        issuer: `https://cognito-idp.${this.region}.amazonaws.com/${this.api.userPool.userPoolId}`,
        clientId: this.api.client.userPoolClientId,
        domainUrl: signInDomain.baseUrl(),
      },
      apiOriginDomainName: this.api.originDomainName,
      originVerifySecret: this.handlers.originVerifySecret,
      accessLogs: this.data.accessLogs,
      ...(props.webDomain && { domain: props.webDomain }),
      ...(props.webAclArn && { webAclArn: props.webAclArn }),
    });

    // The app client's callback and logout URLs: the distribution, known only now.
    const webClient = this.api.client.node.defaultChild as CfnUserPoolClient;
    webClient.callbackUrLs = [`${this.web.url}/`];
    webClient.logoutUrLs = [`${this.web.url}/`];
    new CfnOutput(this, 'SignInUrl', {
      value: signInDomain.baseUrl(),
      description: 'the user pool’s hosted sign-in (the pages send people there)',
    });
    new CfnOutput(this, 'WebUrl', {
      value: this.web.url,
      description: 'the web pages (and the API under them)',
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'EventBusArn', { value: this.events.bus.eventBusArn });
    new CfnOutput(this, 'ReceiptsBucket', { value: this.data.receipts.bucketName });
    new CfnOutput(this, 'CitizenNotificationTopicArn', { value: this.notifications.topic.topicArn });
  }
}
