import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDynamoDbClients, dynamoDbSettingsFromEnv } from '../../../adapters/dynamodb/clients';
import { useTestTable } from '../../support/dynamodb';

const table = useTestTable('clients');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('dynamoDbSettingsFromEnv', () => {
  it('takes the endpoint from AWS_ENDPOINT_URL_DYNAMODB before DYNAMODB_ENDPOINT', () => {
    const settings = dynamoDbSettingsFromEnv({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8001',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8002',
      AWS_REGION: 'cn-northwest-1',
    });

    expect(settings).toEqual({ endpoint: 'http://127.0.0.1:8001', region: 'cn-northwest-1' });
  });

  it('falls back to DYNAMODB_ENDPOINT, and to cn-north-1 without AWS_REGION', () => {
    expect(dynamoDbSettingsFromEnv({ DYNAMODB_ENDPOINT: 'http://localhost:8000' })).toEqual({
      endpoint: 'http://localhost:8000',
      region: 'cn-north-1',
    });
  });

  it('leaves the endpoint to the SDK on AWS', () => {
    expect(dynamoDbSettingsFromEnv({ AWS_REGION: 'cn-north-1' }).endpoint).toBeUndefined();
  });
});

describe('createDynamoDbClients', () => {
  it('gives a local endpoint stand-in credentials, so no AWS account is needed', async () => {
    const { client } = createDynamoDbClients({ endpoint: 'http://127.0.0.1:8000', region: 'cn-north-1' });

    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'local' });
  });

  it('leaves credentials to the default chain for any other endpoint', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENVIRONMENT');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-environment');
    const { client } = createDynamoDbClients({
      endpoint: 'https://dynamodb.example.internal',
      region: 'cn-north-1',
    });

    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'AKIDFROMENVIRONMENT' });
  });

  it('drops undefined fields instead of refusing the item', async () => {
    const key = { PK: 'CLAIM#sparse', SK: 'CASE' };

    await table.docClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...key, status: 'SUBMITTED', taskToken: undefined },
      }),
    );

    const { Item } = await table.docClient.send(new GetCommand({ TableName: table.tableName, Key: key }));
    expect(Item).toEqual({ ...key, status: 'SUBMITTED' });
  });
});
