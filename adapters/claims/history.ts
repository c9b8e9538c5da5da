import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditHead, ChainedAuditEntry } from '../../domain/audit-chain';
import { queryByPrefix } from '../dynamodb/query-by-prefix';
import type { StoreAccess } from './access';
import type { AuditedWrites } from './audited-writes';
import { stripKeys } from './keys';

/** A claim's history as stored: the entries in order and the head on its case. */
export interface AuditTrail {
  claimId: string;
  /** Undefined when the case item does not exist. */
  head: Partial<AuditHead> | undefined;
  entries: ChainedAuditEntry[];
}

export const HISTORY_ACCESS = {
  /** auditTrail: the case's head and the AUDIT# entries beside it. */
  read: { items: [{ actions: ['GetItem', 'Query'], keys: ['CLAIM#'] }] },
} as const satisfies Record<string, StoreAccess>;

/** Reading a claim's history (written only by AuditedWrites). */
export class HistoryRepository {
  constructor(
    private readonly core: AuditedWrites,
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** A claim's history: every AUDIT# entry in seq order and the head on its case. */
  async auditTrail(claimId: string): Promise<AuditTrail> {
    const [found, items] = await Promise.all([
      this.core.find(claimId),
      queryByPrefix(this.db, this.tableName, `CLAIM#${claimId}`, 'AUDIT#'),
    ]);
    return {
      claimId,
      head: found && { auditSeq: found.auditSeq, auditHead: found.auditHead },
      entries: items.map((i) => stripKeys<ChainedAuditEntry>(i)),
    };
  }

  /** Every claim id in the table, by scanning the case items (for `crossclaim audit verify --all`). */
  async allClaimIds(): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'SK = :case',
          ProjectionExpression: 'claimId',
          ExpressionAttributeValues: { ':case': 'CASE' },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      ids.push(...(page.Items ?? []).map((i) => String(i.claimId)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids.sort();
  }
}
