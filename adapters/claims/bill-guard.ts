import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryByPrefix } from '../dynamodb/query-by-prefix';
import type { StoreAccess } from './access';
import { keys, type BillFlag } from './keys';

export const BILL_ACCESS = {
  /** guardBill, recordBillFlag */
  hold: { items: [{ actions: ['PutItem'], keys: ['BILL#'] }] },
  /** billFlags */
  readFlags: { items: [{ actions: ['Query'], keys: ['BILL#'] }] },
  /** releaseBill */
  release: { items: [{ actions: ['DeleteItem'], keys: ['BILL#'] }] },
} as const satisfies Record<string, StoreAccess>;

/** Bills are reimbursed once, ever (`BILL#<billKey>` / `CLAIM`), and carry what hospitals said after (`FLAG#`). */
export class BillGuard {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Claims a bill for a claim with one conditional put. Re-claiming by the same claim is fine
   * (a retried step); another claim holding it is returned so the reason can name it.
   */
  async guardBill(billKey: string, claimId: string): Promise<{ ok: true } | { ok: false; heldBy: string }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.billGuard(billKey), claimId, at: this.now().toISOString() },
          ConditionExpression: 'attribute_not_exists(PK) OR claimId = :me',
          ExpressionAttributeValues: { ':me': claimId },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { ok: false, heldBy: String(error.Item?.claimId?.S ?? 'another claim') };
      }
      throw error;
    }
  }

  /** Lets a bill go again when the claim holding it is rejected for another reason. */
  async releaseBill(billKey: string, claimId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.billGuard(billKey),
          ConditionExpression: 'claimId = :me',
          ExpressionAttributeValues: { ':me': claimId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Records what a hospital told us about a bill after issuing it: voided, reversed by a red
   * bill, or re-issued with different content (a conflict for a clerk). One flag per kind.
   */
  async recordBillFlag(billKey: string, kind: BillFlag, by?: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.billFlag(billKey, kind), kind, by, at: this.now().toISOString() },
      }),
    );
  }

  async billFlags(billKey: string): Promise<Set<BillFlag>> {
    const items = await queryByPrefix(this.db, this.tableName, `BILL#${billKey}`, 'FLAG#');
    return new Set(items.map((i) => i.kind as BillFlag));
  }
}
