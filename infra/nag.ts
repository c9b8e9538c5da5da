import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { COGNITO_TRIGGERS, FUNCTION_ACCESS, type FunctionAccess } from './function-access';
import { ASYNC_INVOKED } from './constructs/handlers';
import { bucketDeploymentFunction } from './constructs/web';
import type { CrossclaimStack } from './crossclaim-stack';
import { SCHEDULED_FUNCTION_NAMES } from './constructs/schedules';
import type { FunctionName } from '../functions/catalog';

/**
 * cdk-nag's AwsSolutions and HIPAA.Security packs run at every synth (`npm run synth`; the
 * infra tests too). An error fails the synth; each finding we accept is acknowledged here, on
 * the narrowest construct it applies to, with the reason. docs/deploy.md lists them.
 */
export function addComplianceChecks(app: App, stack: CrossclaimStack): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  acknowledgeFindings(stack);
}

const ack = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

export function acknowledgeFindings(stack: CrossclaimStack): void {
  const accessOf = (name: string): FunctionAccess =>
    name in COGNITO_TRIGGERS
      ? COGNITO_TRIGGERS[name as keyof typeof COGNITO_TRIGGERS].access
      : FUNCTION_ACCESS[name as FunctionName];
  const functions: [string, IConstruct][] = Object.entries({
    ...stack.handlers.functions,
    ...stack.handlers.triggers,
  });
  for (const id of [
    'AwsSolutions::AwsSolutions-SMG4',
    'HIPAA.Security::HIPAA.Security-SecretsManagerRotationEnabled',
  ]) {
    ack(
      stack.handlers.identityKeySecret,
      id,
      'The identity-hash key is not rotated automatically: every stored hash and every hospital’s hashes ' +
        'depend on it, so a rotation is a planned re-keying with the hospital gateway (docs/security.md).',
    );
    ack(
      stack.handlers.originVerifySecret,
      id,
      'The origin-verify value is not rotated automatically: CloudFront and the API functions read it at ' +
        'deploy and cold start, so a rotation is a redeploy (docs/security.md).',
    );
    ack(
      stack.handlers.auditKeySecret,
      id,
      'The audit-chain key is not rotated automatically: every stored history hash was made with it, so ' +
        'a rotation needs the chain to record which key each entry used (docs/security.md, what remains open).',
    );
  }
  for (const id of [
    'AwsSolutions::AwsSolutions-SMG4',
    'HIPAA.Security::HIPAA.Security-SecretsManagerRotationEnabled',
  ])
    ack(
      stack.handlers.homeRegionTokenSecret,
      id,
      'The home region’s client token is issued by the insurance bureau, not by crossclaim: it changes ' +
        'when the bureau re-issues it, and the operator puts the new one in (docs/home-region.md). A ' +
        'rotation Lambda could only invent a token the bureau would refuse.',
    );
  for (const [name, fn] of functions) {
    ack(
      fn,
      'AwsSolutions::AwsSolutions-L1',
      'Node.js 22 on purpose: the handlers are tested on the Node 22 the project pins (package.json ' +
        'devDependency node@22); the Lambda runtime moves to 24 together with that pin, not ahead of it.',
    );
    ack(
      fn,
      'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
      'Concurrency is bounded upstream (the HTTP API stage throttle, Step Functions, EventBridge retries ' +
        'with a DLQ). Reserving concurrency per function would cut the account pool (1,000 by default) ' +
        'into 20 fixed slices and throttle the nightly e-bill bursts; set it from measured load.',
    );
    ack(
      fn,
      'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
      'The functions reach only AWS regional APIs (DynamoDB, Step Functions, EventBridge, S3) with IAM ' +
        'and TLS, and the hospital and bank gateways over HTTPS; there is no VPC resource to protect. ' +
        'A VPC would add NAT gateways and endpoints without narrowing what the code can reach.',
    );
    if (!(ASYNC_INVOKED as readonly string[]).includes(name)) {
      ack(
        fn,
        'HIPAA.Security::HIPAA.Security-LambdaDLQ',
        'Invoked synchronously (by Step Functions, the HTTP API or Cognito), where a Lambda DLQ never ' +
          'applies: a failure goes to the state machine (Retry, then Catch → RecordFailure → the clerk ' +
          'queue), back to the API caller, or fails the sign-in. The asynchronously invoked functions have a DLQ.',
      );
    }
    const policy = stack.handlers.node.findChild(`${name}Policy`);
    ack(
      policy,
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      accessOf(name).ocr
        ? 'X-Ray PutTraceSegments/PutTelemetryRecords and Textract AnalyzeExpense accept no resource ARN.'
        : 'X-Ray PutTraceSegments/PutTelemetryRecords accept no resource ARN.',
    );
    if (accessOf(name).receiptImages?.length) {
      ack(
        policy,
        `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(
          stack.data.receipts.node.defaultChild as never,
        )}.Arn>/receipt-images/*]`,
        'Receipt images are objects named by a random id under receipt-images/; the grant is that prefix ' +
          'of the one bucket, and the handler checks the image belongs to the citizen.',
      );
    }
  }

  ack(
    stack.workflow.node.findChild('Policy'),
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'CloudWatch Logs delivery (CreateLogDelivery and friends) and X-Ray accept no resource ARN: this is ' +
      'the policy AWS documents for Step Functions logging and tracing. Lambda invoke is per function.',
  );

  const events = stack.events;
  const workflowQueues = ['FailedExecutions', 'FailedExecutionsUndelivered'].map((id) =>
    stack.workflow.node.findChild(id),
  );
  for (const queue of [
    events.node.findChild('BusDeadLetters'),
    ...Object.values(events.deadLetterQueues),
    ...workflowQueues,
    ...SCHEDULED_FUNCTION_NAMES.map((name) => stack.node.findChild(`${name}DeadLetters`)),
  ]) {
    ack(
      queue,
      'AwsSolutions::AwsSolutions-SQS3',
      'This queue is itself a dead-letter queue (of the event bus, a rule target or a schedule); a DLQ of a DLQ ' +
        'adds nothing. Its depth is alarmed (Observability), messages are kept 14 days.',
    );
  }

  ack(
    stack.data.node.findChild('Backups').node.findChild('ClaimsTable'),
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    "The AWS Backup service role with AWS's own policy for it, as AWS Backup requires; used by Backup only.",
  );
  for (const bucket of [stack.data.receipts, stack.data.accessLogs]) {
    ack(
      bucket,
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      "Replication needs a bucket and key in a second region, which is the operator's data-residency " +
        'decision (health data of mainland insureds stays on the mainland: cn-north-1 ↔ cn-northwest-1). ' +
        'Versioning, lifecycle and retained buckets protect against deletion meanwhile (docs/deploy.md).',
    );
  }
  acknowledgeWebFindings(stack);
  ack(
    stack.data.accessLogs,
    'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
    'S3 server access logs can only be delivered to a bucket encrypted with SSE-S3, not SSE-KMS. The logs ' +
      'hold request metadata (keys are random ids), no receipt content.',
  );
}

/** The web pages (infra/constructs/web.ts): the distribution, its bucket, the deployment function. */
function acknowledgeWebFindings(stack: CrossclaimStack): void {
  const { web } = stack;
  const distribution = web.distribution;
  ack(
    distribution,
    'AwsSolutions::AwsSolutions-CFR1',
    'No geo restriction: the citizens are insured in mainland China but are served wherever they are ' +
      '(travelling, working abroad, roaming networks), and every API route needs a Cognito token, ' +
      'which a country filter would not add to. Set one with a WAF geo-match rule if the operator requires it.',
  );
  if (!web.hasWebAcl) {
    ack(
      distribution,
      'AwsSolutions::AwsSolutions-CFR2',
      'A web ACL for CloudFront must be created in us-east-1 and this stack is deployed to the ' +
        "claims' region; pass one with -c webAclArn=… (docs/deploy.md). Meanwhile the HTTP API stage " +
        'throttles (500 rps, burst 1,000) and every API route needs a Cognito JWT.',
    );
  }
  if (!web.hasCustomDomain) {
    ack(
      distribution,
      'AwsSolutions::AwsSolutions-CFR4',
      'Without a custom domain CloudFront serves *.cloudfront.net with its default certificate, whose ' +
        'security policy is fixed at TLSv1 and cannot be raised. With -c webDomainName/webCertificateArn ' +
        'the distribution uses TLSv1.2_2021 (docs/deploy.md); HSTS is sent either way.',
    );
  }
  ack(
    web.bucket,
    'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
    'The bucket holds only the built pages (code and styles, no personal data), rebuilt from the ' +
      'repository and redeployed by every deploy: a replica would protect nothing.',
  );
  ack(
    web.bucket,
    'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
    'SSE-S3: the objects are the public pages (code and styles, no personal data). SSE-KMS with the ' +
      'data key would let CloudFront decrypt with the key that protects health data.',
  );

  // BucketDeployment's custom resource: one singleton function at the stack's root, made and
  // configured by aws-cdk-lib (runtime, role, policy), run by CloudFormation during deploys only.
  const deployFunction = bucketDeploymentFunction(stack);
  const deployReason =
    "aws-cdk-lib's BucketDeployment custom resource, which copies the built pages into the web bucket " +
    'during a deploy; its code, runtime and policy are made by aws-cdk-lib, not by this project.';
  ack(
    deployFunction,
    'AwsSolutions::AwsSolutions-L1',
    `${deployReason} The runtime is the one aws-cdk-lib 2.276.0 ships it for; it moves with aws-cdk-lib.`,
  );
  ack(
    deployFunction,
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${deployReason} AWSLambdaBasicExecutionRole only lets it write its own logs.`,
  );
  const webBucketId = stack.getLogicalId(web.bucket.node.defaultChild as never);
  for (const finding of [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    `Resource::<${webBucketId}.Arn>/*`,
  ]) {
    ack(
      deployFunction,
      `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
      `${deployReason} Its policy is read on the CDK asset bucket and read/write on the web bucket's ` +
        'objects (the grants aws-cdk-lib makes for the sync), nothing else.',
    );
  }
  ack(
    deployFunction,
    'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
    `${deployReason} aws-cdk-lib attaches the grants as the role's inline policy.`,
  );
  for (const id of ['LambdaConcurrency', 'LambdaDLQ', 'LambdaInsideVPC']) {
    ack(
      deployFunction,
      `HIPAA.Security::HIPAA.Security-${id}`,
      `${deployReason} CloudFormation invokes it once per deployment and fails the deploy if it fails ` +
        '(no concurrency or DLQ to manage); it reaches only S3, never personal data, so a VPC adds nothing.',
    );
  }
}
