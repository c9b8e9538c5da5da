import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  BILLING_MODE,
  GLOBAL_SECONDARY_INDEXES,
  PRIMARY_KEY,
  TTL_ATTRIBUTE,
} from '../../adapters/dynamodb/table-definition';

/**
 * What crossclaim keeps: the one claims table of DESIGN §4 (keys and indexes from
 * adapters/dynamodb/table-definition.ts, the same constants the local runtime creates its table
 * from), a customer-managed KMS key for it and for the receipt images, the receipts bucket, and
 * a daily AWS Backup plan on top of point-in-time recovery.
 */
export class DataConstruct extends Construct {
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  readonly receipts: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new kms.Key(this, 'DataKey', {
      description: 'crossclaim: claims table, receipt images, queues and logs (personal and health data)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudWatch Logs encrypts this stack's log groups with the key, and CloudWatch alarms
    // publish to the encrypted alarm topic: both services must be allowed to use it.
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    if (BILLING_MODE !== 'PAY_PER_REQUEST') throw new Error('the stack expects an on-demand table');
    this.table = new dynamodb.Table(this, 'Claims', {
      partitionKey: { name: PRIMARY_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: PRIMARY_KEY.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of GLOBAL_SECONDARY_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        // As createTableInput: list pages show the case itself, so ALL saves a read per row.
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // Server access logs of the receipts and web buckets (S3 cannot log to a KMS-encrypted bucket:
    // SSE-S3) and CloudFront's standard logs (delivered by ACL: hence BUCKET_OWNER_PREFERRED).
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.receipts = new s3.Bucket(this, 'Receipts', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'receipts/',
      lifecycleRules: [
        {
          id: 'receipts-to-cheaper-storage',
          // Read during adjudication and review (days); kept for audit for years, rarely read.
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(180) },
          ],
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // PITR covers 35 days; the backup plan keeps daily, weekly and monthly copies longer.
    const vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'Backups', {
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          scheduleExpression: events.Schedule.cron({ hour: '18', minute: '0' }),
          deleteAfter: Duration.days(35),
        }),
        new backup.BackupPlanRule({
          ruleName: 'monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '18', minute: '0' }),
          moveToColdStorageAfter: Duration.days(30),
          deleteAfter: Duration.days(365 * 7),
        }),
      ],
    });
    plan.addSelection('ClaimsTable', {
      resources: [backup.BackupResource.fromDynamoDbTable(this.table)],
    });
  }
}
