import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamoDbClients } from '../../adapters/dynamodb/clients';
import { PRIMARY_KEY, TTL_ATTRIBUTE } from '../../adapters/dynamodb/table-definition';

/**
 * Powertools idempotency records live in the claims table itself (PK `IDEMPOTENCY#<handler>`,
 * SK the hash of the key) and expire through the table's TTL attribute. Built when the handler
 * module loads, as on Lambda: the table name from TABLE_NAME, the client from
 * adapters/dynamodb/clients.ts (DynamoDB Local's endpoint locally).
 */
export function idempotencyPersistence(handlerName: string): DynamoDBPersistenceLayer {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('environment variable TABLE_NAME is not set');
  return new DynamoDBPersistenceLayer({
    tableName,
    keyAttr: PRIMARY_KEY.partitionKey,
    sortKeyAttr: PRIMARY_KEY.sortKey,
    staticPkValue: `IDEMPOTENCY#${handlerName}`,
    expiryAttr: TTL_ATTRIBUTE,
    // The process's own client: the same endpoint and (locally) credentials as the claim store.
    awsSdkV3Client: dynamoDbClients().client,
  });
}

export function idempotencyConfig(eventKeyJmesPath: string): IdempotencyConfig {
  return new IdempotencyConfig({ eventKeyJmesPath, expiresAfterSeconds: 24 * 3600 });
}
