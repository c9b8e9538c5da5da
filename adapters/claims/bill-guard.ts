import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  TransactGetCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { StoreAccess } from './access';
import { keys, type BillFlag } from './keys';

export const BILL_ACCESS = {
  /** guardItem (in VerifyDocuments' transaction), recordBillFlag */
  hold: { items: [{ actions: ['PutItem'], keys: ['BILL#'] }] },
  /** billStates: a transactional read, authorized as GetItem per item */
  readStates: { items: [{ actions: ['GetItem'], keys: ['BILL#'] }] },
  /** releaseBill */
  release: { items: [{ actions: ['DeleteItem'], keys: ['BILL#'] }] },
} as const satisfies Record<string, StoreAccess>;

/** What is known of a bill: what its hospital said after issuing it, and which claim holds it. */
export interface BillState {
  flags: Set<BillFlag>;
  heldBy: string | undefined;
}

const BILL_FLAGS: readonly BillFlag[] = ['VOIDED', 'REVERSED', 'CONFLICT'];
/** DynamoDB's limit of items in one transactional read or write. */
const MAX_TRANSACT_ITEMS = 100;

/** Bills are reimbursed once, ever (`BILL#<billKey>` / `CLAIM`), and carry what hospitals said after (`FLAG#`). */
export class BillGuard {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

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

  /**
   * What is known of each bill, for many bills in one read (a transactional read, so the flags and
   * guards are seen as of one moment): its flags and the claim holding its guard, if any.
   */
  async billStates(billKeys: readonly string[]): Promise<Map<string, BillState>> {
    const states = new Map<string, BillState>(
      billKeys.map((k) => [k, { flags: new Set(), heldBy: undefined }]),
    );
    const wanted = billKeys.flatMap((billKey) => [
      keys.billGuard(billKey),
      ...BILL_FLAGS.map((flag) => keys.billFlag(billKey, flag)),
    ]);
    for (let start = 0; start < wanted.length; start += MAX_TRANSACT_ITEMS) {
      const chunk = wanted.slice(start, start + MAX_TRANSACT_ITEMS);
      const { Responses = [] } = await this.db.send(
        new TransactGetCommand({
          TransactItems: chunk.map((Key) => ({ Get: { TableName: this.tableName, Key } })),
        }),
      );
      Responses.forEach((response, i) => {
        const item = response.Item;
        const key = chunk[i];
        if (!item || !key) return;
        const state = states.get(key.PK.slice('BILL#'.length));
        if (!state) return;
        if (key.SK === 'CLAIM') state.heldBy = String(item.claimId);
        else state.flags.add(item.kind as BillFlag);
      });
    }
    return states;
  }

  /**
   * The guard of a bill as an item of the claim's own transaction (VerifyDocuments stores it
   * with the case's move): a claim takes a bill once, re-taking it is a retried step, and a
   * claim racing for the bill cancels the transaction.
   */
  guardItem(billKey: string, claimId: string) {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.billGuard(billKey), claimId, at: this.now().toISOString() },
        ConditionExpression: 'attribute_not_exists(PK) OR claimId = :me',
        ExpressionAttributeValues: { ':me': claimId },
      },
    };
  }
}
