import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { ClaimStatus } from '../../domain/claim-status';

/**
 * The one DynamoDB table of DESIGN §4, described once. CreateTable (local runtime, tests) and the
 * CDK stack both derive from these constants, so the two cannot drift apart. Data only: no client
 * here, so infra/ can import it without pulling in I/O.
 */

/** The table's primary key: `CLAIM#<id>` / `CASE`, `BILL#…` / `CLAIM`, `INSURED#<id>` / `ACC#<year>`… */
export const PRIMARY_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;

/** GSI1: a clerk's queue, claims of one region in one status, oldest first. */
export const QUEUE_INDEX = { name: 'queue', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' } as const;

/** GSI2: one citizen's claims, by date. */
export const INSURED_INDEX = { name: 'insured', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' } as const;

/**
 * GSI3: a region's claims by submission time, every status. The supervisor dashboard queries a
 * window of days here (not a Scan), so on AWS it needs only this index; at a province's volume
 * the dashboard would read counters kept by a DynamoDB Stream instead (docs/web.md).
 */
export const REGION_INDEX = { name: 'region', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' } as const;

export const GLOBAL_SECONDARY_INDEXES = [QUEUE_INDEX, INSURED_INDEX, REGION_INDEX] as const;

/**
 * Items carrying this attribute are deleted by DynamoDB after that moment. DynamoDB requires a
 * Number holding epoch seconds (not milliseconds, not an ISO string); anything else never expires.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/** On-demand: claims arrive in bursts (month end, holidays); no capacity to plan or to pay idle. */
export const BILLING_MODE = 'PAY_PER_REQUEST';

/** GSI1PK of a case: `REGION#<code>#STATUS#<status>`. The GSI1SK is the time it entered that status (ISO). */
export const queuePartitionKey = (regionCode: string, status: ClaimStatus): string =>
  `REGION#${regionCode}#STATUS#${status}`;

/** GSI3PK of a case: `REGION#<code>`. The GSI3SK is `<submitted at (ISO)>#<claim id>`. */
export const regionPartitionKey = (regionCode: string): string => `REGION#${regionCode}`;

/** GSI2PK of a case: `INSURED#<id>`. The GSI2SK is the submission date (ISO). */
export const insuredPartitionKey = (insuredId: string): string => `INSURED#${insuredId}`;

const KEY_ATTRIBUTES = [
  PRIMARY_KEY.partitionKey,
  PRIMARY_KEY.sortKey,
  ...GLOBAL_SECONDARY_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]),
];

/** The CreateTable request for this table. Every key attribute is a string. */
export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: BILLING_MODE,
  AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
  KeySchema: [
    { AttributeName: PRIMARY_KEY.partitionKey, KeyType: 'HASH' },
    { AttributeName: PRIMARY_KEY.sortKey, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES.map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    // The indexes serve list pages that show the case itself; projecting ALL saves a read per row.
    Projection: { ProjectionType: 'ALL' },
  })),
});
