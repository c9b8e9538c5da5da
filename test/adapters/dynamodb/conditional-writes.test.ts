import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConditionalWrites, type ConditionalWrite } from '../../../adapters/dynamodb/conditional-writes';
import { requestsBetween } from '../../../adapters/dynamodb/request-counter';
import { useTestTable } from '../../support/dynamodb';

describe('ConditionalWrites: single-item conditional writes group-committed into TransactWriteItems', () => {
  const table = useTestTable('group-commit');
  const TableName = table.tableName;
  const putNew = (pk: string, n: number): ConditionalWrite => ({
    Put: { TableName, Item: { PK: pk, SK: 'X', n }, ConditionExpression: 'attribute_not_exists(PK)' },
  });
  const bump = (pk: string, from: number): ConditionalWrite => ({
    Update: {
      TableName,
      Key: { PK: pk, SK: 'X' },
      UpdateExpression: 'SET n = :to',
      ConditionExpression: 'n = :from',
      ExpressionAttributeValues: { ':from': from, ':to': from + 1 },
    },
  });
  const nOf = async (pk: string) =>
    (
      await table.docClient.send(
        new GetCommand({ TableName, Key: { PK: pk, SK: 'X' }, ConsistentRead: true }),
      )
    ).Item?.n as number | undefined;

  it('sends a lone write as its own PutItem, and says whether its condition held', async () => {
    const writes = new ConditionalWrites(table.docClient);
    const before = table.requests.counts();
    await expect(writes.write(putNew('ALONE#1', 1))).resolves.toBe(true);
    await expect(writes.write(putNew('ALONE#1', 2))).resolves.toBe(false);
    expect(requestsBetween(before, table.requests.counts())).toEqual({ PutItem: 2 });
    expect(await nOf('ALONE#1')).toBe(1);
  });

  it('sends the writes asked for together in one TransactWriteItems', async () => {
    const writes = new ConditionalWrites(table.docClient);
    const before = table.requests.counts();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => writes.write(putNew(`MANY#${i}`, i))),
    );
    expect(answers.every(Boolean)).toBe(true);
    expect(requestsBetween(before, table.requests.counts())).toEqual({ TransactWriteItems: 1 });
    expect(await nOf('MANY#29')).toBe(29);
  });

  it('answers false to the writes whose condition failed and writes the others', async () => {
    await table.docClient.send(new PutCommand({ TableName, Item: { PK: 'TAKEN#1', SK: 'X', n: 7 } }));
    await table.docClient.send(new PutCommand({ TableName, Item: { PK: 'TAKEN#2', SK: 'X', n: 7 } }));
    const writes = new ConditionalWrites(table.docClient);
    const before = table.requests.counts();
    const answers = await Promise.all([
      writes.write(putNew('FREE#1', 1)),
      writes.write(putNew('TAKEN#1', 1)),
      writes.write(bump('TAKEN#2', 7)),
      writes.write(bump('TAKEN#2', 7)), // the same item: next request, where n is 8 already
      writes.write(putNew('FREE#2', 2)),
    ]);
    expect(answers).toEqual([true, false, true, false, true]);
    // The first transaction (4 items: the second bump of TAKEN#2 is kept out, a transaction
    // touches an item once) is cancelled by TAKEN#1's condition; the three others go again at
    // once, together; then the second bump, alone, fails its condition (n is 8 by then).
    expect(requestsBetween(before, table.requests.counts())).toEqual({
      TransactWriteItems: 2,
      UpdateItem: 1,
    });
    expect([await nOf('FREE#1'), await nOf('TAKEN#1'), await nOf('TAKEN#2'), await nOf('FREE#2')]).toEqual([
      1, 7, 8, 2,
    ]);
  });

  it('rejects the caller whose item is refused for a reason of its own, and writes the others', async () => {
    const writes = new ConditionalWrites(table.docClient);
    const before = table.requests.counts();
    const tooBig = 'x'.repeat(410 * 1024); // over DynamoDB's 400 KB item limit
    const answers = await Promise.allSettled([
      writes.write(putNew('OWN#1', 1)),
      writes.write({ Put: { TableName, Item: { PK: 'OWN#2', SK: 'X', blob: tooBig } } }),
      writes.write(putNew('OWN#3', 3)),
    ]);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: true });
    expect(answers[1]?.status).toBe('rejected');
    expect(answers[2]).toEqual({ status: 'fulfilled', value: true });
    // The transaction was refused as a whole; then each went on its own.
    expect(requestsBetween(before, table.requests.counts())).toEqual({ TransactWriteItems: 1, PutItem: 3 });
    expect([await nOf('OWN#1'), await nOf('OWN#2'), await nOf('OWN#3')]).toEqual([1, undefined, 3]);
  });

  it('rejects every caller of a request the store refuses as a whole', async () => {
    const writes = new ConditionalWrites(table.docClient);
    const noTable = (pk: string): ConditionalWrite => ({
      Put: { TableName: 'crossclaim-no-such-table', Item: { PK: pk, SK: 'X' } },
    });
    const answers = await Promise.allSettled([writes.write(noTable('A')), writes.write(noTable('B'))]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected']);
  });
});
