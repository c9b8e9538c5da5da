import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { ClaimCase } from '../../domain/claim';
import type { ClaimStatus } from '../../domain/claim-status';
import { queryAll } from '../dynamodb/query-by-prefix';
import {
  INSURED_INDEX,
  QUEUE_INDEX,
  REGION_INDEX,
  insuredPartitionKey,
  queuePartitionKey,
  regionPartitionKey,
} from '../dynamodb/table-definition';
import type { StoreAccess } from './access';
import { stripKeys } from './keys';

/** A queue cursor that is not one queuePage gave for this queue. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursor';
}

const QueueCursorSchema = z.strictObject({
  PK: z.string().startsWith('CLAIM#'),
  SK: z.literal('CASE'),
  [QUEUE_INDEX.partitionKey]: z.string(),
  [QUEUE_INDEX.sortKey]: z.string(),
});

/** The DynamoDB key a cursor stands for, checked to belong to the queue asked for. */
function queueCursorKey(cursor: string, regionCode: string, status: ClaimStatus): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('is not a cursor this queue gave');
  }
  const key = QueueCursorSchema.safeParse(parsed);
  if (!key.success || key.data[QUEUE_INDEX.partitionKey] !== queuePartitionKey(regionCode, status)) {
    throw new InvalidCursorError('is not a cursor this queue gave');
  }
  return key.data;
}

export const CASE_QUERY_ACCESS = {
  /** queue, queuePage, escalatedInQueue */
  queue: { indexes: ['queue'] },
  /** claimsOf */
  insured: { indexes: ['insured'] },
  /** regionClaimsSince */
  region: { indexes: ['region'] },
} as const satisfies Record<string, StoreAccess>;

/** Lists of cases by the table's indexes: a region's queue, an insured's claims, a region's window. */
export class CaseQueries {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** A region's claims submitted at or after `since` (ISO), oldest first, every page of them. */
  async regionClaimsSince(regionCode: string, since: string): Promise<ClaimCase[]> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: REGION_INDEX.name,
        KeyConditionExpression: '#pk = :pk AND #sk >= :since',
        ExpressionAttributeNames: { '#pk': REGION_INDEX.partitionKey, '#sk': REGION_INDEX.sortKey },
        ExpressionAttributeValues: { ':pk': regionPartitionKey(regionCode), ':since': since },
      },
      500,
    );
    return items.map((i) => stripKeys<ClaimCase>(i));
  }

  /**
   * One page of a region's queue in one status, oldest first. `after` is the `next` of the page
   * before: an opaque cursor (DynamoDB's LastEvaluatedKey, base64url JSON) that only this method reads.
   */
  async queuePage(
    regionCode: string,
    status: ClaimStatus,
    page: { limit: number; after?: string },
  ): Promise<{ claims: ClaimCase[]; next?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: QUEUE_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': QUEUE_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': queuePartitionKey(regionCode, status) },
        Limit: page.limit,
        ...(page.after !== undefined && {
          ExclusiveStartKey: queueCursorKey(page.after, regionCode, status),
        }),
      }),
    );
    return {
      claims: Items.map((i) => stripKeys<ClaimCase>(i)),
      ...(LastEvaluatedKey && { next: Buffer.from(JSON.stringify(LastEvaluatedKey)).toString('base64url') }),
    };
  }

  /** Every case of a region's queue that was escalated past its SLA, oldest first, all pages. */
  async escalatedInQueue(regionCode: string, status: ClaimStatus): Promise<ClaimCase[]> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: QUEUE_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'attribute_exists(escalatedAt)',
        ExpressionAttributeNames: { '#pk': QUEUE_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': queuePartitionKey(regionCode, status) },
      },
      500,
    );
    return items.map((i) => stripKeys<ClaimCase>(i));
  }

  /** The first `limit` cases of a region's queue, oldest first. */
  async queue(regionCode: string, status: ClaimStatus, limit = 100): Promise<ClaimCase[]> {
    return (await this.queuePage(regionCode, status, { limit })).claims;
  }

  /** An insured person's claims, newest first. */
  async claimsOf(idNumberHash: string, limit = 50): Promise<ClaimCase[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INSURED_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INSURED_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': insuredPartitionKey(idNumberHash) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => stripKeys<ClaimCase>(i));
  }

  /**
   * Cases in a status, by scanning the table: for the local runtime's start-up sweep (a claim
   * stored but never started because the process died in between). On AWS a sweeper would use
   * an index rather than a scan; locally the table is small and this runs once per start.
   */
  async scanClaimsInStatus(status: ClaimStatus): Promise<ClaimCase[]> {
    const found: ClaimCase[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'SK = :case AND #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':case': 'CASE', ':status': status },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      found.push(...(page.Items ?? []).map((i) => stripKeys<ClaimCase>(i)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }
}
