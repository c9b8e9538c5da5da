import {
  ConditionalCheckFailedException,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { conditionalWritesOf, type ConditionalWrite } from './conditional-writes';

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
  const send = async (command: unknown, ...rest: unknown[]): Promise<unknown> => {
    const write = laneWriteOf(command);
    if (!write) return (client.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    if (!(await lane.write(write)))
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    return { $metadata: {} };
  };
  return new Proxy(client, {
    get: (target, property, receiver) =>
      property === 'send' ? send : (Reflect.get(target, property, receiver) as unknown),
  });
}

/**
 * A PutItem or UpdateItem as the lane's write, its attribute values in native form (the lane's
 * document client marshals them again). Undefined for anything else, and for a write that asks
 * for values back, which a transaction's item cannot return.
 */
function laneWriteOf(command: unknown): ConditionalWrite | undefined {
  if (!(command instanceof PutItemCommand || command instanceof UpdateItemCommand)) return undefined;
  if (command.input.ReturnValues !== undefined) return undefined;
  const { TableName, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } =
    command.input;
  const common = {
    TableName,
    ConditionExpression,
    ExpressionAttributeNames,
    ExpressionAttributeValues: native(ExpressionAttributeValues),
  };
  return command instanceof PutItemCommand
    ? { Put: { ...common, Item: native(command.input.Item) ?? {} } }
    : {
        Update: {
          ...common,
          Key: native(command.input.Key) ?? {},
          UpdateExpression: command.input.UpdateExpression,
        },
      };
}
