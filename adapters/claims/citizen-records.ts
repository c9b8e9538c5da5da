import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { quotaExpiry } from '../../domain/abuse-limits';
import { TTL_ATTRIBUTE } from '../dynamodb/table-definition';
import type { AuditActor } from '../../domain/audit-chain';
import type { ClaimStatus } from '../../domain/claim-status';
import { queryByPrefix } from '../dynamodb/query-by-prefix';
import type { StoreAccess } from './access';
import { TRY_AGAIN, type AuditedWrites } from './audited-writes';
import { ClaimNotFoundError, keys, stripKeys } from './keys';
import type { ClaimCase } from '../../domain/claim';

/** A citizen's rating of a closed claim (好差评). */
export interface StoredRating {
  claimId: string;
  region: string;
  score: number;
  comment?: string;
  at: string;
}

/** A notification record for a citizen. */
export interface StoredNotification {
  claimId: string;
  recipient: string;
  status: ClaimStatus;
  at: string;
  zh: string;
  en: string;
}

export const CITIZEN_RECORD_ACCESS = {
  /** recordRating: the rating beside the region, its entry under the claim (the case's head moves). */
  rate: {
    items: [
      // The rating, read back when it exists already (a second rating of the claim).
      { actions: ['GetItem', 'PutItem'], keys: ['RATINGS#'] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], keys: ['CLAIM#'] },
    ],
  },
  /** rating, ratingsOf */
  readRatings: { items: [{ actions: ['Query'], keys: ['RATINGS#'] }] },
  /** putNotification: the citizen's inbox (`INSURED#<id>` / `NOTIFY#…`). */
  notify: { items: [{ actions: ['PutItem'], keys: ['INSURED#'] }] },
  /** notificationsOf */
  readNotifications: { items: [{ actions: ['Query'], keys: ['INSURED#'] }] },
  /** takeQuota: the citizen's counter of the day (`QUOTA#<subject>` / `DAY#<date>`). */
  quota: { items: [{ actions: ['UpdateItem'], keys: ['QUOTA#'] }] },
} as const satisfies Record<string, StoreAccess>;

/** What citizens leave and receive: ratings of closed claims (`RATINGS#`) and notifications (`INSURED#` / `NOTIFY#`). */
export class CitizenRecords {
  constructor(
    private readonly core: AuditedWrites,
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * A citizen's rating of a closed claim, once per claim: the rating under the claim's region
   * (for its clerks), and its entry in the claim's history, in one transaction.
   */
  async recordRating(
    claim: ClaimCase,
    rating: StoredRating,
    actor: AuditActor,
  ): Promise<{ kind: 'recorded' } | { kind: 'already_rated'; rating: StoredRating }> {
    const put = {
      TableName: this.tableName,
      Item: { ...keys.rating(rating.region, claim.claimId), ...rating },
      ConditionExpression: 'attribute_not_exists(PK)',
    };
    type Outcome = { kind: 'recorded' } | { kind: 'already_rated'; rating: StoredRating };
    return this.core.writeBeside<Outcome>(claim.claimId, {
      write: { Put: put },
      entry: {
        at: rating.at,
        actor,
        action: 'rating.recorded',
        after: { score: rating.score, withComment: rating.comment !== undefined },
      },
      done: { kind: 'recorded' },
      refused: async () => {
        const existing = await this.rating(rating.region, claim.claimId);
        return existing ? { kind: 'already_rated', rating: existing } : TRY_AGAIN;
      },
      noHistory: () => Promise.reject(new ClaimNotFoundError(`claim ${claim.claimId} does not exist`)),
    });
  }

  async rating(region: string, claimId: string): Promise<StoredRating | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rating(region, claimId), ConsistentRead: true }),
    );
    return Item ? stripKeys<StoredRating>(Item) : undefined;
  }

  /** A region's ratings, newest first. */
  async ratingsOf(region: string): Promise<StoredRating[]> {
    const items = await queryByPrefix(this.db, this.tableName, `RATINGS#${region}`, 'CLAIM#');
    return items.map((i) => stripKeys<StoredRating>(i)).sort((a, b) => b.at.localeCompare(a.at));
  }

  /** The notification as an item of the status move's own transaction: no move without its notification. */
  notificationItem(notification: StoredNotification) {
    const { recipient, at, claimId, status } = notification;
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.notification(recipient, at, claimId, status), ...notification },
      },
    };
  }

  /**
   * Keeps a notification for a citizen (their inbox) with its pending delivery (`beside`, the
   * outbox's item) in one transaction; the notifier adapter delivers it.
   */
  async putNotification(
    notification: StoredNotification,
    beside: { Put: Record<string, unknown> }[] = [],
  ): Promise<void> {
    if (beside.length === 0) {
      await this.db.send(new PutCommand(this.notificationItem(notification).Put));
      return;
    }
    await this.db.send(
      new TransactWriteCommand({ TransactItems: [this.notificationItem(notification), ...beside] as never }),
    );
  }

  /** A citizen's notifications, newest first. */
  async notificationsOf(idNumberHash: string, limit = 50): Promise<StoredNotification[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `INSURED#${idNumberHash}`, ':prefix': 'NOTIFY#' },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => stripKeys<StoredNotification>(i));
  }

  /**
   * One more of the citizen's `kind` for the day, if fewer than `limit` were taken: one
   * conditional update, so concurrent requests cannot together pass the limit. False (and
   * nothing written) when the limit is reached.
   */
  async takeQuota(subject: string, day: string, kind: string, limit: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.quota(subject, day),
          UpdateExpression: 'ADD #kind :one SET #expires = :expires',
          ConditionExpression: 'attribute_not_exists(#kind) OR #kind < :limit',
          ExpressionAttributeNames: { '#kind': kind, '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': quotaExpiry(day) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
