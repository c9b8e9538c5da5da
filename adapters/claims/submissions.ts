import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../dynamodb/table-definition';
import type { StoreAccess } from './access';
import type { TransactItem } from './audited-writes';

/**
 * POST /claims made idempotent by the citizen's `Idempotency-Key`: the key names the claim it
 * created (`SUBMISSION#<citizen>` / `<key>`), written in the same transaction as the case, with
 * the hash of the request it came with. A repeat of the request (a retry after a lost answer)
 * finds the claim instead of filing a second one; the same key with another request is refused.
 * Kept for a day, like the retries it serves.
 */
export const SUBMISSION_ACCESS = {
  read: { items: [{ actions: ['GetItem'], keys: ['SUBMISSION#'] }] },
  write: { items: [{ actions: ['PutItem'], keys: ['SUBMISSION#'] }] },
} as const satisfies Record<string, StoreAccess>;

export interface Submission {
  claimId: string;
  requestHash: string;
}

const KEPT_SECONDS = 24 * 3600;
const keyOf = (citizen: string, idempotencyKey: string) => ({
  PK: `SUBMISSION#${citizen}`,
  SK: idempotencyKey,
});

export class Submissions {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  async find(citizen: string, idempotencyKey: string): Promise<Submission | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keyOf(citizen, idempotencyKey),
        ConsistentRead: true,
      }),
    );
    return Item ? { claimId: String(Item.claimId), requestHash: String(Item.requestHash) } : undefined;
  }

  /** The key's record as an item of the new case's transaction: the key must be new. */
  item(citizen: string, idempotencyKey: string, submission: Submission): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keyOf(citizen, idempotencyKey),
          ...submission,
          [TTL_ATTRIBUTE]: Math.floor(this.now().getTime() / 1000) + KEPT_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }
}
