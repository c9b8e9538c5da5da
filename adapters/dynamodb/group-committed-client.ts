import {
  ConditionalCheckFailedException,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { conditionalWritesOf } from './conditional-writes';

type AttributeMap = Parameters<typeof unmarshall>[0];
const native = (map: AttributeMap | undefined): Record<string, NativeAttributeValue> | undefined =>
  map === undefined ? undefined : unmarshall(map);

/**
 * A DynamoDBClient whose single-item PutItem and UpdateItem go through the document client's
 * group-commit lane (./conditional-writes.ts): written together with the other writes asked for
 * while a request is in flight (the execution journal's, the outbox's removals), each keeping its
 * condition, each caller answered once its write is durable. For a library that takes a client
 * and sends its own commands: Powertools idempotency's records (functions/shared/idempotency.ts),
 * two single-item writes per PayOut. A failed condition is the SDK's ConditionalCheckFailedException,
 * without the old item (Powertools then reads the record it met); every other command goes to the
 * client as it is. With nothing else in flight (one Lambda invocation), each write goes alone as
 * the command it was.
 */
export function groupCommittedClient(client: DynamoDBClient, doc: DynamoDBDocumentClient): DynamoDBClient {
  const lane = conditionalWritesOf(doc);
  const refused = () =>
    new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
  const send = async (command: unknown, ...rest: unknown[]): Promise<unknown> => {
    if (command instanceof PutItemCommand) {
      const { TableName, Item, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } =
        command.input;
      const written = await lane.write({
        Put: {
          TableName,
          Item: native(Item) ?? {},
          ConditionExpression,
          ExpressionAttributeNames,
          ExpressionAttributeValues: native(ExpressionAttributeValues),
        },
      });
      if (!written) throw refused();
      return { $metadata: {} };
    }
    if (command instanceof UpdateItemCommand && command.input.ReturnValues === undefined) {
      const { TableName, Key, UpdateExpression, ConditionExpression, ExpressionAttributeNames } =
        command.input;
      const written = await lane.write({
        Update: {
          TableName,
          Key: native(Key) ?? {},
          UpdateExpression,
          ConditionExpression,
          ExpressionAttributeNames,
          ExpressionAttributeValues: native(command.input.ExpressionAttributeValues),
        },
      });
      if (!written) throw refused();
      return { $metadata: {} };
    }
    return (client.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
  };
  return new Proxy(client, {
    get: (target, property, receiver) =>
      property === 'send' ? send : (Reflect.get(target, property, receiver) as unknown),
  });
}
