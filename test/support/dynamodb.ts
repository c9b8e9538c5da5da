import { DeleteTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDynamoDbClients, type DynamoDbClients } from '../../adapters/dynamodb/clients';
import { ensureTable } from '../../adapters/dynamodb/ensure-table';

export interface TestTable extends DynamoDbClients {
  tableName: string;
}

/**
 * Gives the calling test file its own crossclaim table in the run's shared DynamoDB Local
 * (test/global-setup.ts): created before the file's tests, deleted after them. The random suffix
 * keeps files that run in parallel, or a rerun in watch mode, out of each other's data.
 *
 *   const table = useTestTable('payout');
 *   it('…', async () => { await table.docClient.send(new PutCommand({ TableName: table.tableName, … })) });
 *
 * The clients are not the handlers': a test that runs handlers starts a local runtime (its
 * composition root builds their clients) or replaces parts with `setDependencies`.
 */
export const useTestTable = (label = 'test'): TestTable => {
  const tableName = `crossclaim-${label}-${randomBytes(4).toString('hex')}`;
  const clients = createDynamoDbClients({ endpoint: inject('dynamoEndpoint'), region: 'cn-north-1' });

  beforeAll(() => ensureTable(clients.client, tableName));
  afterAll(async () => {
    try {
      await clients.client.send(new DeleteTableCommand({ TableName: tableName }));
    } catch (error) {
      // Not created because beforeAll failed: that failure is the one worth reading, not this.
      if (!(error instanceof ResourceNotFoundException)) throw error;
    } finally {
      clients.client.destroy();
    }
  });

  return { tableName, ...clients };
};
