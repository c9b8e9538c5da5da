import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  SYSTEM_ACTOR,
  contentHash,
  documentFacts,
  type AuditActor,
  type AuditSummary,
} from '../../domain/audit-chain';
import { billKeyOf } from '../../domain/bill-key';
import type { SignedEBill } from '../../domain/ebill';
import { queryByPrefix } from '../dynamodb/query-by-prefix';
import type { StoreAccess } from './access';
import type { AuditedWrites, EntryFacts, TransactItem } from './audited-writes';
import { keys, stripKeys } from './keys';

export const DOCUMENT_ACCESS = {
  /** getDocument */
  readOne: { items: [{ actions: ['GetItem'], keys: ['CLAIM#'] }] },
  /** getDocument, documents, eBills */
  read: { items: [{ actions: ['GetItem', 'Query'], keys: ['CLAIM#'] }] },
  /** putEBill, putDocument: the document, the case's head and the entry, in one transaction. */
  write: { items: [{ actions: ['GetItem', 'PutItem', 'UpdateItem'], keys: ['CLAIM#'] }] },
  /** visitEBills, claimsForVisit; visitEBill */
  readVisit: { items: [{ actions: ['Query', 'GetItem'], keys: ['VISIT#'] }] },
  /** putVisitEBill, putNewVisitEBill; putNewVisitEBillUnlessAwaited (the Put and the check of the waiting mark) */
  writeVisit: { items: [{ actions: ['PutItem', 'ConditionCheckItem'], keys: ['VISIT#'] }] },
  /** awaitOnVisitItem: a parked claim's mark on its visit, an Update in the move that parks it. */
  awaitOnVisit: { items: [{ actions: ['UpdateItem'], keys: ['VISIT#'] }] },
} as const satisfies Record<string, StoreAccess>;

/** The sort key of a visit's waiting mark (awaitOnVisitItem). */
const AWAITED_SK = 'AWAITED';

/** A document of a claim as it is written: its item, content hash and what the history says of it. */
export interface DocumentWrite {
  claimId: string;
  Item: Record<string, unknown>;
  hash: string;
  facts: AuditSummary;
}

export function eBillDocument(claimId: string, bill: SignedEBill): DocumentWrite {
  const billKey = billKeyOf(bill);
  const hash = contentHash(bill);
  return {
    claimId,
    Item: { ...keys.document(claimId, 'EBILL', billKey), bill },
    hash,
    facts: {
      documentId: `EBILL#${billKey}`,
      contentHash: hash,
      billStatus: bill.status,
      totalAmtFen: bill.totalAmtFen,
    },
  };
}

export function claimDocument(
  claimId: string,
  kind: string,
  id: string,
  body: Record<string, unknown>,
): DocumentWrite {
  const { contentHash: _previous, ...content } = body;
  const facts = documentFacts(kind, id, content);
  return {
    claimId,
    Item: { ...content, ...keys.document(claimId, kind, id) },
    hash: String(facts.contentHash),
    facts,
  };
}

const documentEntry = (facts: AuditSummary, at: Date, actor: AuditActor | undefined): EntryFacts => ({
  at: at.toISOString(),
  actor: actor ?? SYSTEM_ACTOR,
  action: 'document.stored',
  after: facts,
});

/** A claim's documents (`CLAIM#<id>` / `DOC#<kind>#<id>`) and the e-bill inbox of a visit (`VISIT#`). */
export class DocumentRepository {
  constructor(
    private readonly core: AuditedWrites,
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores a fetched or pushed e-bill with the claim, and its arrival in the claim's history.
   * Idempotent: the same bill again changes nothing (and adds no entry).
   */
  async putEBill(claimId: string, bill: SignedEBill, actor?: AuditActor): Promise<void> {
    await this.store(eBillDocument(claimId, bill), actor);
  }

  /**
   * Any other document of a claim (a receipt, a verification outcome), by kind and id, with its
   * storing in the claim's history. The same content again changes nothing.
   */
  async putDocument(
    claimId: string,
    kind: string,
    id: string,
    body: Record<string, unknown>,
    actor?: AuditActor,
  ): Promise<void> {
    await this.store(claimDocument(claimId, kind, id, body), actor);
  }

  /**
   * One document write and its history entry in one transaction: the document (unless the
   * same content is there already), the case's audit head and the entry. A claim that does not
   * exist has no history to join: the document is stored as before.
   */
  async store(document: DocumentWrite, actor?: AuditActor): Promise<void> {
    const put = this.documentPut(document);
    await this.core.writeBeside(document.claimId, {
      write: { Put: put },
      entry: documentEntry(document.facts, this.now(), actor),
      done: undefined,
      // The same content is stored already: nothing happened, so nothing to record.
      refused: async () => undefined,
      noHistory: async () => {
        await this.db.send(new PutCommand({ TableName: this.tableName, Item: put.Item }));
      },
    });
  }

  /**
   * The documents as items of a case's own transaction (a status move that stores what the
   * step found), each with its history entry; a document whose content is stored already is left
   * out, as storing it alone would change nothing. `stored` are the content hashes the caller
   * read (ClaimFolder); the conditions still hold if the read was stale.
   */
  inTransaction(
    documents: readonly DocumentWrite[],
    stored: ReadonlyMap<string, string | undefined>,
    actor: AuditActor | undefined,
  ): { items: TransactItem[]; entries: EntryFacts[] } {
    const fresh = documents.filter((d) => stored.get(String(d.Item.SK)) !== d.hash);
    const at = this.now();
    return {
      items: fresh.map((d) => ({ Put: this.documentPut(d) })),
      entries: fresh.map((d) => documentEntry(d.facts, at, actor)),
    };
  }

  /** Stored unless the same content is there already. */
  private documentPut({ Item, hash }: DocumentWrite) {
    return {
      TableName: this.tableName,
      Item: { ...Item, contentHash: hash },
      ConditionExpression:
        'attribute_not_exists(PK) OR attribute_not_exists(contentHash) OR contentHash <> :hash',
      ExpressionAttributeValues: { ':hash': hash },
    };
  }

  async getDocument<T>(claimId: string, kind: string, id: string): Promise<T | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.document(claimId, kind, id),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<T>(Item) : undefined;
  }

  async documents<T>(claimId: string, kind: string): Promise<T[]> {
    const items = await this.queryPrefix(`CLAIM#${claimId}`, `DOC#${kind}#`);
    return items.map((i) => stripKeys<T>(i));
  }

  async eBills(claimId: string): Promise<SignedEBill[]> {
    const items = await this.queryPrefix(`CLAIM#${claimId}`, 'DOC#EBILL#');
    return items.map((i) => i.bill as SignedEBill);
  }

  /** Keeps an e-bill pushed for a visit, whether or not a claim for it exists yet. */
  async putVisitEBill(bill: SignedEBill & { visitNo: string }): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: keys.visit(bill.hospital.code, bill.visitNo), SK: `EBILL#${billKeyOf(bill)}`, bill },
      }),
    );
  }

  /**
   * Puts a bill in its visit's inbox only if the inbox has no bill under its key: true if it was
   * put. A hospital's bill arrives once in the common case, so this is its only request.
   */
  async putNewVisitEBill(bill: SignedEBill & { visitNo: string }): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { PK: keys.visit(bill.hospital.code, bill.visitNo), SK: `EBILL#${billKeyOf(bill)}`, bill },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * The mark of a claim waiting for its visit's bill (`VISIT#<hospital>#<visit>` / `AWAITED`, a set
   * of claim ids): an item of the move that parks the claim (WAITING_FOR_EBILL), so the mark and
   * the wait are one write. The claim then reads the visit's bills; a bill put before the mark is
   * found by that read, and one put after it meets the mark (putNewVisitEBillUnlessAwaited).
   * A claim that leaves the wait stays in the set: a later bill of the visit then only takes the
   * longer way (a read of the visit's claims), which is right whatever the set says.
   */
  awaitOnVisitItem(hospitalCode: string, visitNo: string, claimId: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: { PK: keys.visit(hospitalCode, visitNo), SK: AWAITED_SK },
        UpdateExpression: 'ADD #claims :claim',
        ExpressionAttributeNames: { '#claims': 'claims' },
        ExpressionAttributeValues: { ':claim': new Set([claimId]) },
      },
    };
  }

  /**
   * The bill's rendezvous with the claims of its visit, in one request: the bill goes in the
   * inbox if none is there under its key AND no claim of the visit has marked itself waiting
   * (awaitOnVisitItem); both checked in one transaction, so a claim that parks later reads the
   * bill. `stored`: put, and no claim waits (nothing to resume). `exists`: a bill is there under
   * its key (nothing written). `awaited`: a claim waits, or the transaction met another on the same
   * items (nothing written): the caller puts the bill and then reads the visit's claims, the
   * write-then-read that keeps the race with a parking claim safe.
   */
  async putNewVisitEBillUnlessAwaited(
    bill: SignedEBill & { visitNo: string },
  ): Promise<'stored' | 'exists' | 'awaited'> {
    const pk = keys.visit(bill.hospital.code, bill.visitNo);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { PK: pk, SK: `EBILL#${billKeyOf(bill)}`, bill },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: { PK: pk, SK: AWAITED_SK },
                ConditionExpression: 'attribute_not_exists(#claims)',
                ExpressionAttributeNames: { '#claims': 'claims' },
              },
            },
          ],
        }),
      );
      return 'stored';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed' ? 'exists' : 'awaited';
    }
  }

  /** The bill the visit's inbox holds under `billKey`, if any. */
  async visitEBill(hospitalCode: string, visitNo: string, billKey: string): Promise<SignedEBill | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: keys.visit(hospitalCode, visitNo), SK: `EBILL#${billKey}` },
        ConsistentRead: true,
      }),
    );
    return Item?.bill as SignedEBill | undefined;
  }

  async visitEBills(hospitalCode: string, visitNo: string): Promise<SignedEBill[]> {
    const items = await this.queryPrefix(keys.visit(hospitalCode, visitNo), 'EBILL#');
    return items.map((i) => i.bill as SignedEBill);
  }

  async claimsForVisit(hospitalCode: string, visitNo: string): Promise<string[]> {
    const items = await this.queryPrefix(keys.visit(hospitalCode, visitNo), 'CLAIM#');
    return items.map((i) => i.claimId as string);
  }

  private queryPrefix(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    return queryByPrefix(this.db, this.tableName, pk, skPrefix);
  }
}
