import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClients } from '../../../adapters/dynamodb/clients';
import { ensureTable } from '../../../adapters/dynamodb/ensure-table';
import { startDynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';

const TABLE = 'crossclaim';
const CLAIM = { PK: 'CLAIM#durable-1', SK: 'CASE' };

/** Runs `work` against a DynamoDB Local keeping its data in `dataDir`, then stops it. */
const withInstance = async <T>(
  dataDir: string,
  work: (clients: ReturnType<typeof createDynamoDbClients>) => Promise<T>,
): Promise<T> => {
  const dynamo = await startDynamoDbLocal({ dataDir });
  // A different region on each start: with -sharedDb the data must not depend on it.
  const clients = createDynamoDbClients({ endpoint: dynamo.endpoint, region: `region-${dynamo.port}` });
  try {
    return await work(clients);
  } finally {
    clients.client.destroy();
    await dynamo.stop();
  }
};

describe('DynamoDB Local with a data folder (what `npm start` uses)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-dynamodb-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps tables and items across a stop and a start', async () => {
    await withInstance(dataDir, async ({ client, docClient }) => {
      await ensureTable(client, TABLE);
      await docClient.send(new PutCommand({ TableName: TABLE, Item: { ...CLAIM, status: 'PAID' } }));
    });
    expect(existsSync(join(dataDir, 'shared-local-instance.db'))).toBe(true);

    const afterRestart = await withInstance(dataDir, ({ docClient }) =>
      docClient.send(new GetCommand({ TableName: TABLE, Key: CLAIM, ConsistentRead: true })),
    );

    expect(afterRestart.Item).toEqual({ ...CLAIM, status: 'PAID' });
  });
});
