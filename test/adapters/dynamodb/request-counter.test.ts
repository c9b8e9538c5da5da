import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  OUTSIDE_ANY_FUNCTION,
  attributeRequestsTo,
  requestsBetween,
} from '../../../adapters/dynamodb/request-counter';
import { useTestTable } from '../../support/dynamodb';

describe('DynamoDB request counter (an SDK middleware on the table clients)', () => {
  const table = useTestTable('request-counter');
  const Key = { PK: 'COUNT#1', SK: 'X' };

  it('counts every request by operation, whichever client (plain or document) sent it', async () => {
    const before = table.requests.counts();
    await table.docClient.send(new PutCommand({ TableName: table.tableName, Item: { ...Key, n: 1 } }));
    await table.docClient.send(new GetCommand({ TableName: table.tableName, Key }));
    await table.docClient.send(new GetCommand({ TableName: table.tableName, Key }));
    await table.docClient.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: table.tableName, Item: { PK: 'COUNT#2', SK: 'X' } } }],
      }),
    );
    expect(requestsBetween(before, table.requests.counts())).toEqual({
      PutItem: 1,
      GetItem: 2,
      TransactWriteItems: 1,
    });
  });

  it('counts a request the table refuses too: it went on the wire', async () => {
    const before = table.requests.counts();
    await expect(
      table.docClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: Key,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ).rejects.toThrow();
    expect(requestsBetween(before, table.requests.counts())).toEqual({ PutItem: 1 });
  });

  it('files requests under the function that made them, concurrent ones included', async () => {
    const before = table.requests.counts();
    const get = () => table.docClient.send(new GetCommand({ TableName: table.tableName, Key }));
    await Promise.all([
      attributeRequestsTo('crossclaim-PayOut', async () => {
        await get();
        await get();
      }),
      attributeRequestsTo('crossclaim-GetClaim', get),
      get(),
    ]);
    const after = table.requests.counts();
    expect(requestsBetween(before, after, (f) => f === 'crossclaim-PayOut')).toEqual({ GetItem: 2 });
    expect(requestsBetween(before, after, (f) => f === 'crossclaim-GetClaim')).toEqual({ GetItem: 1 });
    expect(requestsBetween(before, after, (f) => f === OUTSIDE_ANY_FUNCTION)).toEqual({ GetItem: 1 });
  });
});
