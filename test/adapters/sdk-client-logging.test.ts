import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoDbClients } from '../../adapters/dynamodb/clients';
import { createEventBridgeClient } from '../../adapters/event-publisher';
import { LOGGER_MIDDLEWARE, withoutSdkLogging } from '../../adapters/sdk-client-logging';

const names = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);

describe('the SDK clients run without the logger middleware', () => {
  it('a plain client has it (the check can fail), ours do not', () => {
    expect(names(new DynamoDBClient({ region: 'cn-north-1' }))).toContain(LOGGER_MIDDLEWARE);
    const { client } = createDynamoDbClients({ endpoint: 'http://127.0.0.1:8000', region: 'cn-north-1' });
    expect(names(client)).not.toContain(LOGGER_MIDDLEWARE);
    expect(
      names(createEventBridgeClient({ region: 'cn-north-1', endpoint: undefined, busName: 'crossclaim' })),
    ).not.toContain(LOGGER_MIDDLEWARE);
  });

  it('every other middleware stays', () => {
    const plain = names(new DynamoDBClient({ region: 'cn-north-1' }));
    const ours = names(withoutSdkLogging(new DynamoDBClient({ region: 'cn-north-1' })));
    expect(ours).toEqual(plain.filter((name) => name !== LOGGER_MIDDLEWARE));
  });
});
