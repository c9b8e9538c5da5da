import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { describe, expect, it } from 'vitest';
import { groupCommittedClient } from '../../../adapters/dynamodb/group-committed-client';
import { requestsBetween } from '../../../adapters/dynamodb/request-counter';
import { PRIMARY_KEY, TTL_ATTRIBUTE } from '../../../adapters/dynamodb/table-definition';
import { useTestTable } from '../../support/dynamodb';

describe('a group-committed client under Powertools idempotency', () => {
  const table = useTestTable('idem-lane');
  const persistence = (client = groupCommittedClient(table.client, table.docClient)) =>
    new DynamoDBPersistenceLayer({
      tableName: table.tableName,
      keyAttr: PRIMARY_KEY.partitionKey,
      sortKeyAttr: PRIMARY_KEY.sortKey,
      staticPkValue: 'IDEMPOTENCY#lane-test',
      expiryAttr: TTL_ATTRIBUTE,
      awsSdkV3Client: client,
    });
  const config = () => new IdempotencyConfig({ eventKeyJmesPath: 'claimId', expiresAfterSeconds: 3600 });

  it('runs the function once per key: a repeat gets the stored result (records written and read through it)', async () => {
    let runs = 0;
    const pay = makeIdempotent(async (event: { claimId: string }) => ({ paid: event.claimId, run: ++runs }), {
      persistenceStore: persistence(),
      config: config(),
    });
    const first = await pay({ claimId: 'C-1' });
    const again = await pay({ claimId: 'C-1' });
    expect(first).toEqual({ paid: 'C-1', run: 1 });
    expect(again).toEqual(first);
    expect(runs).toBe(1);
  });

  it('a key in progress elsewhere is refused (the put’s condition failed: the SDK’s exception, the record read)', async () => {
    let release!: () => void;
    const slow = makeIdempotent(
      async (event: { claimId: string }) => {
        await new Promise<void>((resolve) => (release = resolve));
        return { done: event.claimId };
      },
      { persistenceStore: persistence(), config: config() },
    );
    const running = slow({ claimId: 'C-2' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(slow({ claimId: 'C-2' })).rejects.toThrow(/already an execution in progress/i);
    release();
    await expect(running).resolves.toEqual({ done: 'C-2' });
  });

  it('concurrent keys share requests: 20 payouts cost far fewer than the 40 writes of the plain client', async () => {
    const run = async (client: Parameters<typeof persistence>[0], prefix: string) => {
      const pay = makeIdempotent(async (event: { claimId: string }) => ({ paid: event.claimId }), {
        persistenceStore: persistence(client),
        config: config(),
      });
      const before = table.requests.counts();
      await Promise.all(Array.from({ length: 20 }, (_, i) => pay({ claimId: `${prefix}-${i}` })));
      const sent = requestsBetween(before, table.requests.counts());
      return Object.values(sent).reduce((sum, n) => sum + n, 0);
    };
    expect(await run(table.client, 'PLAIN')).toBe(40);
    expect(await run(groupCommittedClient(table.client, table.docClient), 'LANE')).toBeLessThanOrEqual(10);
  });

  it('sends every other command to the client as it is', async () => {
    const client = groupCommittedClient(table.client, table.docClient);
    const answer = await client.send(
      new GetItemCommand({ TableName: table.tableName, Key: { PK: { S: 'NONE' }, SK: { S: 'NONE' } } }),
    );
    expect(answer.Item).toBeUndefined();
    expect(answer.$metadata.httpStatusCode).toBe(200);
  });
});
