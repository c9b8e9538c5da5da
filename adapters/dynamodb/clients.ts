import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { countRequests, type DynamoDbRequestCounter } from './request-counter';
import { withoutSdkLogging } from '../sdk-client-logging';

/**
 * A DynamoDB client pair with its request counter. The process's own pair is built once by the
 * composition root (functions/shared/dependencies.ts, `deps('dynamo')`), from the Config.
 */
export interface DynamoDbClients {
  client: DynamoDBClient;
  docClient: DynamoDBDocumentClient;
  /** What this client has sent, by operation (both clients share one middleware stack). */
  requests: DynamoDbRequestCounter;
}

export interface DynamoDbSettings {
  /** Set for DynamoDB Local; undefined on AWS, where the SDK finds the regional endpoint. */
  endpoint: string | undefined;
  region: string;
}

const DEFAULT_REGION = 'cn-north-1';

// DynamoDB Local accepts any credentials but the SDK insists on having some. Only a loopback
// endpoint gets them: a custom endpoint elsewhere (a VPC endpoint, say) needs real credentials.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** AWS_ENDPOINT_URL_DYNAMODB (the SDK's own name) wins over DYNAMODB_ENDPOINT; AWS_REGION or cn-north-1. */
export const dynamoDbSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): DynamoDbSettings => ({
  endpoint: nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.DYNAMODB_ENDPOINT),
  region: nonEmpty(env.AWS_REGION) ?? DEFAULT_REGION,
});

export const isLocalEndpoint = (endpoint: string): boolean => LOOPBACK_HOSTS.has(new URL(endpoint).hostname);

export const createDynamoDbClients = ({ endpoint, region }: DynamoDbSettings): DynamoDbClients => {
  const client = withoutSdkLogging(
    new DynamoDBClient({
      region,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(endpoint !== undefined && isLocalEndpoint(endpoint) ? { credentials: LOCAL_CREDENTIALS } : {}),
    }),
  );
  // Optional fields of our records are often undefined; without this the marshaller throws on them.
  const docClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, docClient, requests: countRequests(client) };
};

const nonEmpty = (value: string | undefined): string | undefined => (value === '' ? undefined : value);
