import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoreAccess } from './access';
import { stripKeys } from './keys';

/**
 * Who looked at a case (issue #18, "who looked at my case"): every read of a case by a member
 * of staff, kept beside the case in a partition of its own (`CASEREAD#<claimId>`, so the claim
 * folder's one read stays as it was). One entry per person, route and clock minute: a clerk
 * reading the same page ten times in a minute is one line with the time of the first read.
 * The entry is written before the answer leaves (functions/shared/case-reads.ts): a read that
 * cannot be recorded is not answered.
 */
export interface CaseRead {
  claimId: string;
  /** The first read of this person through this route in the minute. */
  at: string;
  /** clerk, supervisor, admin (and any other staff role a token carries). */
  role: string;
  /** The staff member's id (the token's subject). Staff see it; the citizen a pseudonym. */
  actorId: string;
  /** The staff member's region, when their role has one. */
  region?: string;
  /** Which route read it (the function's name in functions/catalog.ts): the why. */
  route: string;
}

export const CASE_READ_ACCESS = {
  /** record: one UpdateItem (the minute's entry, first time kept). */
  record: { items: [{ actions: ['UpdateItem'], keys: ['CASEREAD#'] }] },
  /** readsOf */
  read: { items: [{ actions: ['Query'], keys: ['CASEREAD#'] }] },
} as const satisfies Record<string, StoreAccess>;

const partition = (claimId: string) => `CASEREAD#${claimId}`;
/** Sorted by time: the minute first. */
const sortKey = (read: CaseRead) => `${read.at.slice(0, 16)}#${read.role}#${read.actorId}#${read.route}`;

export class CaseReadLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records a read; a second one of the same minute, person and route keeps the first's time. */
  async record(read: CaseRead): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: partition(read.claimId), SK: sortKey(read) },
        UpdateExpression:
          'SET #at = if_not_exists(#at, :at), claimId = :claimId, #role = :role, actorId = :actorId, #route = :route' +
          (read.region ? ', #region = :region' : ''),
        ExpressionAttributeNames: {
          '#at': 'at',
          '#role': 'role',
          '#route': 'route',
          ...(read.region && { '#region': 'region' }),
        },
        ExpressionAttributeValues: {
          ':at': read.at,
          ':claimId': read.claimId,
          ':role': read.role,
          ':actorId': read.actorId,
          ':route': read.route,
          ...(read.region && { ':region': read.region }),
        },
      }),
    );
  }

  /** A case's reads by staff, newest first (at most `limit`). */
  async readsOf(claimId: string, limit = 200): Promise<CaseRead[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition(claimId) },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => stripKeys<CaseRead>(i));
  }
}
