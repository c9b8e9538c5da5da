import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { GLOBAL_SECONDARY_INDEXES, PRIMARY_KEY, TTL_ATTRIBUTE, createTableInput } from './table-definition';

// On AWS a new table takes seconds; the waiter's default first delay (20 s) would dominate.
const WAITER = { minDelay: 1, maxDelay: 5, maxWaitTime: 300 } as const;

/**
 * Creates the table of DESIGN §4 if it does not exist, waits until it is ACTIVE, and turns on TTL.
 * For the local runtime and tests; on AWS the CDK stack owns the table. A table that exists with
 * a different shape (say, data on disk from an older version) is an error, not silently reused.
 */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const existing = await describeTable(client, tableName);
  if (existing === undefined) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Someone created it between our look and our create: fine, we wait for it like for ours.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  const { state } = await waitUntilTableExists({ client, ...WAITER }, { TableName: tableName });
  if (state !== 'SUCCESS') throw new Error(`Table ${tableName} did not become ACTIVE (${state}).`);

  const described = existing ?? (await describeTable(client, tableName));
  const differences = described === undefined ? ['it vanished'] : schemaDifferences(described);
  if (differences.length > 0) {
    throw new Error(
      `Table ${tableName} exists but is not the crossclaim table: ${differences.join('; ')}. ` +
        'Delete it (locally: the .data/ folder) or migrate it.',
    );
  }
  await enableTimeToLive(client, tableName);
};

const describeTable = async (
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

const enableTimeToLive = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    const { TimeToLiveDescription: ttl } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    // Enabling twice is a ValidationException, so only a table with TTL off is touched.
    if (ttl?.TimeToLiveStatus !== 'DISABLED') return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch (error) {
    // DynamoDB Local before 1.15 did not know the TTL operations; expiry is a nicety there.
    if (error instanceof Error && error.name === 'UnknownOperationException') return;
    throw error;
  }
};

const keysOf = (schema: KeySchemaElement[] | undefined): string =>
  (schema ?? []).map((key) => `${key.AttributeName ?? '?'}:${key.KeyType ?? '?'}`).join(',');

const hashAndRange = (partitionKey: string, sortKey: string): string =>
  `${partitionKey}:HASH,${sortKey}:RANGE`;

/** What differs between a described table and our definition, in words; empty when it matches. */
export const schemaDifferences = (table: TableDescription): string[] => {
  const differences: string[] = [];
  const wantedKeys = hashAndRange(PRIMARY_KEY.partitionKey, PRIMARY_KEY.sortKey);
  if (keysOf(table.KeySchema) !== wantedKeys) {
    differences.push(`key schema is ${keysOf(table.KeySchema)}, expected ${wantedKeys}`);
  }
  for (const wanted of GLOBAL_SECONDARY_INDEXES) {
    const index = table.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === wanted.name);
    const wantedIndexKeys = hashAndRange(wanted.partitionKey, wanted.sortKey);
    if (index === undefined) differences.push(`index "${wanted.name}" is missing`);
    else if (keysOf(index.KeySchema) !== wantedIndexKeys) {
      differences.push(
        `index "${wanted.name}" has keys ${keysOf(index.KeySchema)}, expected ${wantedIndexKeys}`,
      );
    }
  }
  return differences;
};
