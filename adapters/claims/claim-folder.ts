import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimCase } from '../../domain/claim';
import type { SignedEBill } from '../../domain/ebill';
import { queryAll } from '../dynamodb/query-by-prefix';
import type { StoreAccess } from './access';
import type { StoredAdjudication } from './adjudications';
import type { AuditedWrites } from './audited-writes';
import { ClaimNotFoundError, keys, stripKeys } from './keys';

export const FOLDER_ACCESS = {
  /** folder: the claim's partition in one Query, its history left out */
  read: { items: [{ actions: ['Query'], keys: ['CLAIM#'] }] },
} as const satisfies Record<string, StoreAccess>;

/**
 * Everything a step needs of one claim, read in one request: the case (with its history head),
 * its documents (e-bills, receipts, verification outcome …) and its adjudications. The history
 * entries share the partition and are filtered out by the store, not sent. A step reads its
 * folder once instead of the case, then each document, then the latest adjudication (issue #17).
 */
export class ClaimFolder {
  private readonly bySortKey: ReadonlyMap<string, Record<string, unknown>>;

  constructor(
    readonly claim: ClaimCase,
    items: readonly Record<string, unknown>[],
  ) {
    this.bySortKey = new Map(items.map((item) => [String(item.SK), item]));
  }

  get eBills(): SignedEBill[] {
    return this.withPrefix('DOC#EBILL#').map((item) => item.bill as SignedEBill);
  }

  document<T>(kind: string, id: string): T | undefined {
    const item = this.bySortKey.get(`DOC#${kind}#${id}`);
    return item && stripKeys<T>(item);
  }

  documents<T>(kind: string): T[] {
    return this.withPrefix(`DOC#${kind}#`).map((item) => stripKeys<T>(item));
  }

  /** The newest adjudication (ADJ# sort keys are zero-padded, so the last in order is the latest). */
  get latestAdjudication(): StoredAdjudication | undefined {
    const last = this.withPrefix('ADJ#').at(-1);
    return last && stripKeys<StoredAdjudication>(last);
  }

  adjudication(seq: number): StoredAdjudication | undefined {
    const item = this.bySortKey.get(keys.adjudication(this.claim.claimId, seq).SK);
    return item && stripKeys<StoredAdjudication>(item);
  }

  /** The content hash of each stored document, by sort key: what storing it again would not change. */
  get storedHashes(): ReadonlyMap<string, string | undefined> {
    return new Map(
      this.withPrefix('DOC#').map((item) => [String(item.SK), item.contentHash as string | undefined]),
    );
  }

  private withPrefix(prefix: string): Record<string, unknown>[] {
    return [...this.bySortKey.entries()]
      .filter(([sk]) => sk.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, item]) => item);
  }
}

/** What a step is about to change: a folder remembered with its case in one of these may do. */
export interface FolderRead {
  forChangeFrom?: ReadonlySet<string>;
}

export async function readClaimFolder(
  db: DynamoDBDocumentClient,
  tableName: string,
  claimId: string,
  core: Pick<AuditedWrites, 'noteRead' | 'folders'>,
  { forChangeFrom }: FolderRead = {},
): Promise<ClaimFolder> {
  const remembered = forChangeFrom && core.folders.take(claimId, forChangeFrom);
  if (remembered) return new ClaimFolder(remembered.claim, remembered.items);
  const items = await queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk',
    // A filter may not name the sort key: history entries are the items with a link to the one before.
    FilterExpression: 'attribute_not_exists(prevHash)',
    ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}` },
    ConsistentRead: true,
  });
  const caseItem = items.find((item) => item.SK === 'CASE');
  if (!caseItem) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
  const claim = stripKeys<ClaimCase>(caseItem);
  core.noteRead(claim);
  const others = items.filter((item) => item !== caseItem);
  core.folders.remember(claimId, { claim, items: others });
  return new ClaimFolder(claim, others);
}
