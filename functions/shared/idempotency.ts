import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { PRIMARY_KEY, TTL_ATTRIBUTE } from '../../adapters/dynamodb/table-definition';

/**
 * Powertools idempotency records live in the claims table itself (PK `IDEMPOTENCY#<handler>`,
 * SK the hash of the key) and expire through the table's TTL attribute. Built when the handler
 * module loads, from the environment, as on Lambda: the table name from TABLE_NAME, the
 * endpoint (DynamoDB Local) from AWS_ENDPOINT_URL_DYNAMODB, which the SDK reads itself.
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
  });
}

export function idempotencyConfig(eventKeyJmesPath: string): IdempotencyConfig {
  return new IdempotencyConfig({ eventKeyJmesPath, expiresAfterSeconds: 24 * 3600 });
}
