import type { ClaimCase } from '../../domain/claim';
import type { CaseWithHead, TransactItem } from './audited-writes';

/** How many claims' folders a store remembers. */
const MAX_FOLDERS = 2_000;

/** A claim's folder as this store last read or wrote it: the case (with its head) and the rest. */
export interface RememberedFolder {
  claim: CaseWithHead;
  /** The partition's other items (documents, adjudications), keys included; no history entries. */
  items: Record<string, unknown>[];
}

/**
 * The folder of each claim as this process last read it or wrote it (issue #17: a step used to
 * read again what the step before it had just written). A remembered folder is handed out only
 * to prepare a change conditional on the case's status, version and history head: every write
 * to a claim's partition moves that head, so a folder that is no longer current makes the write
 * fail, and a write made from a remembered folder is never chained after a head that moved
 * (audited-writes.ts): the step fails with ClaimConflict and runs again on a fresh read. Anything
 * that is not such a change (answering a retried step, a page) reads the table.
 */
export class FolderMemory {
  private readonly folders = new Map<string, RememberedFolder>();
  /** Cases handed out from memory: their writes are not re-chained (see above). */
  private readonly handedOut = new WeakSet<ClaimCase>();

  /** A copy of the remembered folder if its case is in one of `statuses`. */
  take(claimId: string, statuses: ReadonlySet<string>): RememberedFolder | undefined {
    const folder = this.folders.get(claimId);
    if (!folder || !statuses.has(folder.claim.status)) return undefined;
    const copy = structuredClone(folder);
    this.handedOut.add(copy.claim);
    return copy;
  }

  isFromMemory(claim: ClaimCase): boolean {
    return this.handedOut.has(claim);
  }

  remember(claimId: string, folder: RememberedFolder): void {
    this.folders.delete(claimId);
    this.folders.set(claimId, structuredClone(folder));
    if (this.folders.size > MAX_FOLDERS) {
      const oldest = this.folders.keys().next().value;
      if (oldest !== undefined) this.folders.delete(oldest);
    }
  }

  forget(claimId: string): void {
    this.folders.delete(claimId);
  }

  /**
   * After a write of `written` (the case as stored now) over `from` (the case as read) with the
   * items `beside`: the folder as it stands now, if this store knew it as it stood at `from`;
   * forgotten otherwise, or when an item of the partition was changed other than by a Put.
   */
  afterWrite(from: CaseWithHead, written: CaseWithHead, beside: readonly TransactItem[]): void {
    const { claimId } = from;
    const known = this.folders.get(claimId);
    if (
      !known ||
      known.claim.version !== from.version ||
      known.claim.status !== from.status ||
      known.claim.auditSeq !== from.auditSeq
    ) {
      this.forget(claimId);
      return;
    }
    const partition = `CLAIM#${claimId}`;
    const bySortKey = new Map(known.items.map((item) => [String(item.SK), item]));
    for (const item of beside) {
      if (item.Put?.Item?.PK === partition) {
        if (item.Put.Item.SK === 'CASE' || 'prevHash' in item.Put.Item) continue;
        bySortKey.set(String(item.Put.Item.SK), item.Put.Item);
      } else if (keyPartition(item) === partition) {
        // An Update, Delete or ConditionCheck in the partition: what it leaves is not known here.
        this.forget(claimId);
        return;
      }
    }
    this.remember(claimId, { claim: written, items: [...bySortKey.values()] });
  }
}

function keyPartition(item: TransactItem): unknown {
  return item.Update?.Key?.PK ?? item.Delete?.Key?.PK ?? item.ConditionCheck?.Key?.PK;
}
