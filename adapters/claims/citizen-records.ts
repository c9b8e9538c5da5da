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
import { TRY_AGAIN, type AuditedWrites, type TransactItem } from './audited-writes';
import { ClaimNotFoundError, keys, stripKeys } from './keys';
import type { ClaimCase } from '../../domain/claim';
import type { FollowUp, FollowUpAnswer, RatingLevel } from '../../domain/ratings';

/**
 * A citizen's rating of a closed claim (好差评): the level (and its 1–5 score), the sub-scores,
 * and the follow-up a bad rating opened. Ratings recorded before the levels have only `score`.
 */
export interface StoredRating {
  claimId: string;
  region: string;
  score: number;
  level?: RatingLevel;
  subScores?: Record<string, RatingLevel>;
  comment?: string;
  at: string;
  followUp?: FollowUp;
}

/** The index item of a follow-up waiting for its answer (`FOLLOWUPS#OPEN`, by due date). */
export interface OpenFollowUp {
  claimId: string;
  region: string;
  dueDate: string;
  escalatedAt?: string;
}

export type FollowUpAnswerOutcome =
  | { kind: 'answered'; rating: StoredRating }
  | { kind: 'no_follow_up' }
  | { kind: 'already_answered'; rating: StoredRating };

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
  readRatings: { items: [{ actions: ['Query', 'GetItem'], keys: ['RATINGS#'] }] },
  /** recordRating of a bad rating: its follow-up's index item too. */
  openFollowUp: { items: [{ actions: ['PutItem'], keys: ['FOLLOWUPS#'] }] },
  /**
   * answerFollowUp: the answer on the rating, the index item deleted, the citizen's notification,
   * the entry under the claim.
   */
  answerFollowUp: {
    items: [
      { actions: ['GetItem', 'UpdateItem'], keys: ['RATINGS#'] },
      { actions: ['DeleteItem'], keys: ['FOLLOWUPS#'] },
      { actions: ['PutItem'], keys: ['INSURED#'] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], keys: ['CLAIM#'] },
    ],
  },
  /** overdueFollowUps, escalateFollowUp */
  escalateFollowUps: {
    items: [
      { actions: ['Query', 'UpdateItem'], keys: ['FOLLOWUPS#'] },
      { actions: ['UpdateItem'], keys: ['RATINGS#'] },
      { actions: ['GetItem', 'PutItem', 'UpdateItem'], keys: ['CLAIM#'] },
    ],
  },
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
    const open: OpenFollowUp | undefined = rating.followUp && {
      claimId: claim.claimId,
      region: rating.region,
      dueDate: rating.followUp.dueDate,
    };
    type Outcome = { kind: 'recorded' } | { kind: 'already_rated'; rating: StoredRating };
    return this.core.writeBeside<Outcome>(claim.claimId, {
      write: { Put: put },
      ...(open && {
        also: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.openFollowUp(open.dueDate, open.claimId), ...open },
            },
          },
        ],
      }),
      entry: {
        at: rating.at,
        actor,
        action: 'rating.recorded',
        after: {
          score: rating.score,
          ...(rating.level !== undefined && { level: rating.level }),
          ...(rating.subScores !== undefined && { subScores: rating.subScores }),
          withComment: rating.comment !== undefined,
          ...(rating.followUp && { followUpDue: rating.followUp.dueDate }),
        },
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

  /**
   * A clerk's answer to a rating's follow-up, once: the answer on the rating, the waiting index
   * item deleted, and the entry in the claim's history, in one transaction.
   */
  async answerFollowUp(
    claim: ClaimCase,
    answer: FollowUpAnswer,
    actor: AuditActor,
    /** The citizen's notification of the answer, written in the same transaction. */
    notification?: StoredNotification,
    /** Written beside the notification: its pending delivery (the outbox's item). */
    beside: { Put: { TableName: string; Item: Record<string, unknown> } }[] = [],
  ): Promise<FollowUpAnswerOutcome> {
    const region = claim.insured.homeRegion;
    const current = await this.rating(region, claim.claimId);
    if (!current?.followUp) return { kind: 'no_follow_up' };
    if (current.followUp.answer) return { kind: 'already_answered', rating: current };
    const update = {
      TableName: this.tableName,
      Key: keys.rating(region, claim.claimId),
      UpdateExpression: 'SET #f.#answer = :answer',
      ConditionExpression: 'attribute_exists(#f) AND attribute_not_exists(#f.#answer)',
      ExpressionAttributeNames: { '#f': 'followUp', '#answer': 'answer' },
      ExpressionAttributeValues: { ':answer': answer },
    };
    const answered: StoredRating = { ...current, followUp: { ...current.followUp, answer } };
    return this.core.writeBeside<FollowUpAnswerOutcome>(claim.claimId, {
      write: { Update: update },
      also: [
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.openFollowUp(current.followUp.dueDate, claim.claimId),
          },
        },
        ...(notification ? [this.notificationItem(notification), ...beside] : []),
      ],
      entry: {
        at: answer.at,
        actor,
        action: 'followup.answered',
        after: { onTime: answer.onTime, dueDate: current.followUp.dueDate },
      },
      done: { kind: 'answered', rating: answered },
      refused: async () => {
        const now = await this.rating(region, claim.claimId);
        if (!now?.followUp) return { kind: 'no_follow_up' };
        return now.followUp.answer ? { kind: 'already_answered', rating: now } : TRY_AGAIN;
      },
      noHistory: () => Promise.reject(new ClaimNotFoundError(`claim ${claim.claimId} does not exist`)),
    });
  }

  /** Follow-ups still waiting for an answer whose due date is before `today` (China time), oldest first. */
  async overdueFollowUps(today: string): Promise<OpenFollowUp[]> {
    const found: OpenFollowUp[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': 'FOLLOWUPS#OPEN', ':from': 'DUE#', ':to': `DUE#${today}` },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const open = stripKeys<OpenFollowUp>(item);
        if (open.dueDate < today) found.push(open);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  }

  /**
   * Marks an overdue follow-up escalated, once: on the rating (the supervisor's list shows it) and
   * on its index item, with an entry in the claim's history. False when it was answered or
   * escalated meanwhile.
   */
  async escalateFollowUp(open: OpenFollowUp, at: string, actor: AuditActor): Promise<boolean> {
    return this.core.writeBeside<boolean>(open.claimId, {
      write: {
        Update: {
          TableName: this.tableName,
          Key: keys.rating(open.region, open.claimId),
          UpdateExpression: 'SET #f.#escalatedAt = :at',
          ConditionExpression:
            'attribute_exists(#f) AND attribute_not_exists(#f.#answer) AND attribute_not_exists(#f.#escalatedAt)',
          ExpressionAttributeNames: { '#f': 'followUp', '#answer': 'answer', '#escalatedAt': 'escalatedAt' },
          ExpressionAttributeValues: { ':at': at },
        },
      },
      also: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.openFollowUp(open.dueDate, open.claimId),
            UpdateExpression: 'SET escalatedAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':at': at },
          },
        },
      ],
      entry: { at, actor, action: 'followup.escalated', after: { dueDate: open.dueDate } },
      done: true,
      refused: () => Promise.resolve(false),
      noHistory: () => Promise.resolve(false),
    });
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
      await this.db.send(new UpdateCommand(this.quotaUpdate(subject, day, kind, limit)));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * takeQuota as an item of another transaction (filing a claim: the quota is taken only if the
   * claim is stored). Its condition cancels that transaction when the limit is reached.
   */
  quotaItem(subject: string, day: string, kind: string, limit: number): TransactItem {
    return { Update: this.quotaUpdate(subject, day, kind, limit) };
  }

  private quotaUpdate(subject: string, day: string, kind: string, limit: number) {
    return {
      TableName: this.tableName,
      Key: keys.quota(subject, day),
      UpdateExpression: 'ADD #kind :one SET #expires = :expires',
      ConditionExpression: 'attribute_not_exists(#kind) OR #kind < :limit',
      ExpressionAttributeNames: { '#kind': kind, '#expires': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': quotaExpiry(day) },
    };
  }
}
