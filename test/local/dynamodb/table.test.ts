import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '../../../adapters/dynamodb/ensure-table';
import {
  INSURED_INDEX,
  QUEUE_INDEX,
  TTL_ATTRIBUTE,
  insuredPartitionKey,
  queuePartitionKey,
} from '../../../adapters/dynamodb/table-definition';
import { useTestTable } from '../../support/dynamodb';

const table = useTestTable('table');

const putCase = (claimId: string, fields: Record<string, string>) =>
  table.docClient.send(
    new PutCommand({ TableName: table.tableName, Item: { PK: `CLAIM#${claimId}`, SK: 'CASE', ...fields } }),
  );

describe('the crossclaim table (DESIGN §4)', () => {
  it('has string keys PK/SK, on-demand billing, and the queue, insured and region indexes', async () => {
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));

    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.KeySchema]),
    );
    expect(indexes).toEqual({
      queue: [
        { AttributeName: 'GSI1PK', KeyType: 'HASH' },
        { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
      ],
      insured: [
        { AttributeName: 'GSI2PK', KeyType: 'HASH' },
        { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
      ],
      region: [
        { AttributeName: 'GSI3PK', KeyType: 'HASH' },
        { AttributeName: 'GSI3SK', KeyType: 'RANGE' },
      ],
    });
  });

  it('expires items by their expiresAt attribute', async () => {
    const { TimeToLiveDescription } = await table.client.send(
      new DescribeTimeToLiveCommand({ TableName: table.tableName }),
    );

    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: TTL_ATTRIBUTE });
  });

  it("lists a region's cases in one status through the queue index, oldest first", async () => {
    const inReview = queuePartitionKey('330400', 'IN_REVIEW');
    await putCase('q-new', { GSI1PK: inReview, GSI1SK: '2026-11-03T09:00:00Z' });
    await putCase('q-old', { GSI1PK: inReview, GSI1SK: '2026-11-01T09:00:00Z' });
    await putCase('q-paid', { GSI1PK: queuePartitionKey('330400', 'PAID'), GSI1SK: '2026-11-02T09:00:00Z' });

    const { Items } = await table.docClient.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: QUEUE_INDEX.name,
        KeyConditionExpression: 'GSI1PK = :queue',
        ExpressionAttributeValues: { ':queue': 'REGION#330400#STATUS#IN_REVIEW' },
      }),
    );

    expect(Items?.map((item) => item.PK)).toEqual(['CLAIM#q-old', 'CLAIM#q-new']);
  });

  it("finds one citizen's claims through the insured index, by date", async () => {
    await putCase('i-2', { GSI2PK: insuredPartitionKey('ins-7'), GSI2SK: '2026-10-20' });
    await putCase('i-1', { GSI2PK: insuredPartitionKey('ins-7'), GSI2SK: '2026-09-02' });
    await putCase('i-other', { GSI2PK: insuredPartitionKey('ins-8'), GSI2SK: '2026-09-01' });

    const { Items } = await table.docClient.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: INSURED_INDEX.name,
        KeyConditionExpression: 'GSI2PK = :insured',
        ExpressionAttributeValues: { ':insured': 'INSURED#ins-7' },
      }),
    );

    expect(Items?.map((item) => item.PK)).toEqual(['CLAIM#i-1', 'CLAIM#i-2']);
  });
});

describe('ensureTable', () => {
  it('leaves an existing crossclaim table and its data alone', async () => {
    await putCase('kept', { status: 'SUBMITTED' });

    await ensureTable(table.client, table.tableName);

    const { Items } = await table.docClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'CLAIM#kept' },
      }),
    );
    expect(Items).toEqual([{ PK: 'CLAIM#kept', SK: 'CASE', status: 'SUBMITTED' }]);
  });

  it('refuses a table of the same name with another shape, saying what differs', async () => {
    const foreign = `${table.tableName}-foreign`;
    await table.client.send(
      new CreateTableCommand({
        TableName: foreign,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    try {
      await expect(ensureTable(table.client, foreign)).rejects.toThrow(
        /key schema is id:HASH, expected PK:HASH,SK:RANGE; index "queue" is missing; index "insured" is missing/,
      );
    } finally {
      await table.client.send(new DeleteTableCommand({ TableName: foreign }));
    }
  });
});
