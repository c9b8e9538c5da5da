import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  EMPTY_HEAD,
  chainEntry,
  type AuditEntry,
  type AuditHead,
  type ChainedAuditEntry,
} from '../../domain/audit-chain';
import type { ClaimCase } from '../../domain/claim';
import { caseItem, keys, stripKeys } from './keys';
import { FolderMemory } from './folder-memory';

/** A case as stored: with the head of its history (domain/audit-chain.ts). */
export type CaseWithHead = ClaimCase & Partial<AuditHead>;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What an entry says, without the chain's own fields (claim id, seq, hashes). */
export type EntryFacts = Pick<AuditEntry, 'at' | 'actor' | 'action' | 'after'> &
  Partial<Pick<AuditEntry, 'before'>>;

/** What a refused write's handler answers when the write should simply be tried again. */
export const TRY_AGAIN = Symbol('try again');

/** Writers racing to append to one claim's history retry this often before giving up. */
const MAX_AUDIT_ATTEMPTS = 25;
/** How many claims' history heads a store keeps in memory. */
const MAX_KNOWN_HEADS = 10_000;

/** Entries appended one after another from `head`: their chain, and the head after the last. */
function chainEntries(
  head: AuditHead,
  claimId: string,
  facts: readonly EntryFacts[],
): { entries: ChainedAuditEntry[]; head: AuditHead } {
  const entries: ChainedAuditEntry[] = [];
  let last = head;
  for (const fact of facts) {
    const chained = chainEntry(last, { claimId, ...fact });
    entries.push(chained.entry);
    last = chained.head;
  }
  return { entries, head: last };
}

/** The head of a case's history as the case was read (a case written before the history began has none). */
export function headOf(claim: ClaimCase): AuditHead {
  const { auditSeq, auditHead } = claim as CaseWithHead;
  return typeof auditSeq === 'number' && typeof auditHead === 'string' ? { auditSeq, auditHead } : EMPTY_HEAD;
}

/** The case as it was read: same status, same version, same history head. */
function caseCondition(claim: ClaimCase, head: AuditHead) {
  return {
    ConditionExpression:
      '#status = :status AND #version = :version AND ' +
      (head.auditSeq === 0 ? 'attribute_not_exists(#auditSeq)' : '#auditSeq = :auditSeq'),
    ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#auditSeq': 'auditSeq' },
    ExpressionAttributeValues: {
      ':status': claim.status,
      ':version': claim.version,
      ...(head.auditSeq === 0 ? {} : { ':auditSeq': head.auditSeq }),
    },
  };
}

/**
 * The one place a claim's history is written. Every change to a claim goes through one of two
 * loops, each a single transaction with the entry it appends:
 * - `writeCase`: the case itself changes (a status move, a field update, a payout reserved),
 *   conditional on the status, version and history head it was read at, with any items beside it;
 * - `writeBeside`: an item beside the case changes (a document, an adjudication, a rating, a
 *   bank reference) and only the case's history head moves.
 * When only the history moved on (another writer appended an entry), the entry is chained after
 * the new head and the write tried again, up to MAX_AUDIT_ATTEMPTS times. Writes to one claim
 * from this process run one at a time, so they do not race each other for the head.
 */
export class AuditedWrites {
  /** Each claim's folder as this store last read or wrote it (folder-memory.ts). */
  readonly folders = new FolderMemory();

  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async find(claimId: string): Promise<CaseWithHead | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.claim(claimId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const found = stripKeys<CaseWithHead>(Item);
    if (typeof Item.auditSeq === 'number') this.remember(claimId, headOf(found));
    return found;
  }

  /** A case read some other way (a claim folder): its history head is remembered as find's is. */
  noteRead(claim: ClaimCase): void {
    if (typeof (claim as CaseWithHead).auditSeq === 'number') this.remember(claim.claimId, headOf(claim));
  }

  /** A new case, its first entry and the items beside it, in one transaction; the case must not exist. */
  async createCase(claim: ClaimCase, facts: EntryFacts, beside: TransactItem[]): Promise<void> {
    const { entry, head } = chainEntry(EMPTY_HEAD, { claimId: claim.claimId, ...facts });
    const stored: CaseWithHead = { ...claim, ...head };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: caseItem(stored),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...beside,
          this.auditPut(entry),
        ],
      }),
    );
    // The whole folder of a new claim is what this write stored.
    this.folders.remember(claim.claimId, { claim: stored, items: [] });
    this.folders.afterWrite(stored, stored, beside);
  }

  /**
   * Writes `next` over `claim` (as read) with its entry and the items `beside` (written first in
   * the transaction, so their cancellation reasons come first). `refused` looks at the reasons of
   * a cancelled transaction first and may answer; then a case that moved meanwhile gets `moved`,
   * and a history that kept moving `exhausted`.
   */
  writeCase<T>(
    claim: ClaimCase,
    change: {
      next: ClaimCase;
      entry: EntryFacts;
      /** Entries for what `beside` stores (documents), chained before the case's own entry. */
      earlier?: readonly EntryFacts[];
      beside?: TransactItem[];
      done: (stored: ClaimCase) => T;
      refused?: (reasons: { Code?: string }[]) => Promise<T | typeof TRY_AGAIN>;
      moved: () => T;
      exhausted: (error: Error) => T;
    },
  ): Promise<T> {
    return this.serialized(claim.claimId, async () => {
      let head = this.startHead(claim);
      for (let attempt = 1; ; attempt++) {
        const chained = chainEntries(head, claim.claimId, [...(change.earlier ?? []), change.entry]);
        const stored: CaseWithHead = { ...change.next, ...chained.head };
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                ...(change.beside ?? []),
                {
                  Put: { TableName: this.tableName, Item: caseItem(stored), ...caseCondition(claim, head) },
                },
                ...chained.entries.map((entry) => this.auditPut(entry)),
              ],
            }),
          );
          this.remember(claim.claimId, chained.head);
          if (attempt === 1 && head.auditSeq === headOf(claim).auditSeq)
            this.folders.afterWrite(claim, stored, change.beside ?? []);
          else this.folders.forget(claim.claimId);
          return change.done(stored);
        } catch (error) {
          this.folders.forget(claim.claimId);
          if (!(error instanceof TransactionCanceledException)) throw error;
          const answer = change.refused ? await change.refused(error.CancellationReasons ?? []) : TRY_AGAIN;
          if (answer !== TRY_AGAIN) return answer;
          // A change prepared from a remembered folder is not chained after a head that moved: the
          // folder may lack what moved it (folder-memory.ts); the step runs again on a fresh read.
          if (this.folders.isFromMemory(claim)) return change.moved();
          const current = await this.find(claim.claimId);
          if (!current || current.status !== claim.status || current.version !== claim.version) {
            return change.moved();
          }
          if (attempt >= MAX_AUDIT_ATTEMPTS) return change.exhausted(error);
          head = headOf(current);
        }
      }
    });
  }

  /**
   * One write beside a claim's case and its history entry, in one transaction: `write` (a
   * Put or Update of its own), the case's audit head moved from the seq it was read at, and the
   * entry (which must not exist yet). Another writer moving the head first cancels it: the head
   * is read again and the entry chained after it. When `write`'s own condition fails, `refused`
   * says what that means: an answer to return, or TRY_AGAIN. A claim without history (no case
   * item) gets `noHistory`.
   */
  writeBeside<T>(
    claimId: string,
    change: {
      write: { Put: Record<string, unknown> } | { Update: Record<string, unknown> };
      /** More items of the same transaction, after `write` (an index item beside it). */
      also?: TransactItem[];
      entry: EntryFacts;
      done: T;
      refused: () => Promise<T | typeof TRY_AGAIN>;
      noHistory: () => Promise<T>;
    },
  ): Promise<T> {
    // The folder changes (an item beside the case, the head): read it again next time.
    this.folders.forget(claimId);
    return this.serialized(claimId, async () => {
      for (let attempt = 1; ; attempt++) {
        const head = await this.knownHead(claimId, attempt > 1);
        if (!head) return change.noHistory();
        const { entry, head: next } = chainEntry(head, { claimId, ...change.entry });
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                change.write as TransactItem,
                ...(change.also ?? []),
                this.headUpdate(claimId, head, next),
                this.auditPut(entry),
              ],
            }),
          );
          this.remember(claimId, next);
          this.folders.forget(claimId);
          return change.done;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
            const answer = await change.refused();
            if (answer !== TRY_AGAIN) return answer;
          }
          if (attempt >= MAX_AUDIT_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Audited writes to one claim from this process run one at a time, so they do not race for the head. */
  private readonly queues = new Map<string, Promise<unknown>>();

  private serialized<T>(claimId: string, write: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(claimId) ?? Promise.resolve();
    const run = previous.then(write, write);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(claimId, settled);
    void settled.then(() => {
      if (this.queues.get(claimId) === settled) this.queues.delete(claimId);
    });
    return run;
  }

  /**
   * The last head of each claim's history this store saw (read or written), so a document write
   * need not read the case first. A stale one only costs a refused transaction and a re-read.
   */
  private readonly heads = new Map<string, AuditHead>();

  private remember(claimId: string, head: AuditHead): void {
    const known = this.heads.get(claimId);
    if (known && known.auditSeq > head.auditSeq) return;
    this.heads.delete(claimId);
    this.heads.set(claimId, head);
    if (this.heads.size > MAX_KNOWN_HEADS) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  /**
   * The head to chain a change of `claim` after: as the case was read, or the one this store
   * wrote since (a document stored after the caller read the case), whichever is further on.
   */
  private startHead(claim: ClaimCase): AuditHead {
    const read = headOf(claim);
    const known = this.heads.get(claim.claimId);
    return known && known.auditSeq > read.auditSeq ? known : read;
  }

  /** The head to chain after: the one known, or (fresh, or none known) the case's as read now. */
  private async knownHead(claimId: string, fresh: boolean): Promise<AuditHead | undefined> {
    const known = fresh ? undefined : this.heads.get(claimId);
    if (known) return known;
    const current = await this.find(claimId);
    return current && headOf(current);
  }

  /** Moves the case's head from `head` to `next`; fails if another writer moved it first. */
  private headUpdate(claimId: string, head: AuditHead, next: AuditHead): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.claim(claimId),
        UpdateExpression: 'SET #auditSeq = :next, #auditHead = :hash',
        ConditionExpression:
          'attribute_exists(PK) AND ' +
          (head.auditSeq === 0 ? 'attribute_not_exists(#auditSeq)' : '#auditSeq = :seq'),
        ExpressionAttributeNames: { '#auditSeq': 'auditSeq', '#auditHead': 'auditHead' },
        ExpressionAttributeValues: {
          ':next': next.auditSeq,
          ':hash': next.auditHead,
          ...(head.auditSeq === 0 ? {} : { ':seq': head.auditSeq }),
        },
      },
    };
  }

  /** The entry, written once: two writers cannot both append the same seq. */
  private auditPut(entry: ChainedAuditEntry): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.audit(entry.claimId, entry.seq), ...entry },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }
}
