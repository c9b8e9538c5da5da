import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { groupCommittedClient } from '../../adapters/dynamodb/group-committed-client';
import { PRIMARY_KEY, TTL_ATTRIBUTE } from '../../adapters/dynamodb/table-definition';
import { deps } from './dependencies';

/**
 * Powertools idempotency records live in the claims table itself (PK `IDEMPOTENCY#<handler>`,
 * SK the hash of the key) and expire through the table's TTL attribute. Built when the handler
 * module loads, as on Lambda: the table name and the client from the composition root
 * (functions/shared/dependencies.ts; DynamoDB Local's endpoint locally).
 */
export function idempotencyPersistence(handlerName: string): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName: deps('tableName'),
    keyAttr: PRIMARY_KEY.partitionKey,
    sortKeyAttr: PRIMARY_KEY.sortKey,
    staticPkValue: `IDEMPOTENCY#${handlerName}`,
    expiryAttr: TTL_ATTRIBUTE,
    // The process's own client: the same endpoint and (locally) credentials as the claim store.
    // Its two writes per invocation are group-committed with the process's other single-item
    // writes (the journal's, the outbox's): where PayOuts run side by side (`npm start`) they
    // share requests; a lone Lambda invocation sends them as the plain PutItem and UpdateItem.
    awsSdkV3Client: groupCommittedClient(deps('dynamo').client, deps('dynamo').docClient),
  });
}

export function idempotencyConfig(eventKeyJmesPath: string): IdempotencyConfig {
  return new IdempotencyConfig({ eventKeyJmesPath, expiresAfterSeconds: 24 * 3600 });
}
