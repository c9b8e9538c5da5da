import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { MAX_CODE_ATTEMPTS, type Delegation } from '../../domain/delegation';
import type { StoreAccess } from './access';
import type { TransactItem } from './audited-writes';
import { stripKeys } from './keys';

/**
 * Who may file for a citizen (domain/delegation.ts), kept under the citizen
 * (`INSURED#<hash>` / `DELEGATION#<id>`): only the citizen's own requests write there, and a
 * filing on someone's behalf finds the delegation by the insured it names, so a delegation of
 * one person can never be presented for another.
 */
export const DELEGATION_ACCESS = {
  /** record */
  record: { items: [{ actions: ['PutItem'], keys: ['INSURED#'] }] },
  /** revoke */
  revoke: { items: [{ actions: ['UpdateItem'], keys: ['INSURED#'] }] },
  /** delegationsOf, find */
  read: { items: [{ actions: ['GetItem', 'Query'], keys: ['INSURED#'] }] },
  /** useItem: the delegation checked (and a window's used up) in the new claim's transaction. */
  use: { items: [{ actions: ['GetItem', 'ConditionCheckItem', 'UpdateItem'], keys: ['INSURED#'] }] },
} as const satisfies Record<string, StoreAccess>;

const keyOf = (citizenHash: string, delegationId: string) => ({
  PK: `INSURED#${citizenHash}`,
  SK: `DELEGATION#${delegationId}`,
});

export class Delegations {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(delegation: Delegation): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keyOf(delegation.citizenHash, delegation.delegationId), ...delegation },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async find(citizenHash: string, delegationId: string): Promise<Delegation | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keyOf(citizenHash, delegationId),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<Delegation>(Item) : undefined;
  }

  /** The citizen's delegations, newest first. */
  async delegationsOf(citizenHash: string): Promise<Delegation[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `INSURED#${citizenHash}`, ':prefix': 'DELEGATION#' },
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => stripKeys<Delegation>(i)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Revokes the citizen's own delegation (again: no change); false when they have no such delegation. */
  async revoke(citizenHash: string, delegationId: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(citizenHash, delegationId),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** A filing on a window authorisation refused for a wrong code: counted (MAX_CODE_ATTEMPTS locks it). */
  async recordWrongCode(citizenHash: string, delegationId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(citizenHash, delegationId),
          UpdateExpression: 'ADD failedCodes :one',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * The delegation as an item of the new claim's transaction: still not revoked (a revocation
   * racing the filing wins), and a window authorisation not used yet, now used for this claim.
   */
  useItem(delegation: Delegation, claimId: string): TransactItem {
    const Key = keyOf(delegation.citizenHash, delegation.delegationId);
    if (delegation.kind === 'family')
      return {
        ConditionCheck: {
          TableName: this.tableName,
          Key,
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
        },
      };
    return {
      Update: {
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET usedFor = :claim',
        // Not revoked, not used, not locked by wrong codes meanwhile.
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(revokedAt) AND attribute_not_exists(usedFor) AND ' +
          '(attribute_not_exists(failedCodes) OR failedCodes < :max)',
        ExpressionAttributeValues: { ':claim': claimId, ':max': MAX_CODE_ATTEMPTS },
      },
    };
  }
}
