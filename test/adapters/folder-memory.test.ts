import { describe, expect, it } from 'vitest';
import { ClaimConflictError, ClaimStore } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import { useTestTable } from '../support/dynamodb';
import { fakeStoredCase } from '../support/stored-cases';

const table = useTestTable('folder-memory');

const newCase = (): ClaimCase => fakeStoredCase('FOLDER', { name: '测试丙', hashChar: 'c' });

const FROM_FETCHING: ReadonlySet<string> = new Set(['FETCHING']);
const FROM_SUBMITTED: ReadonlySet<string> = new Set(['SUBMITTED']);

/** Files a new case and takes it as the next step would: from what the filing wrote. */
async function filed(claims: ClaimStore): Promise<ClaimCase> {
  const claim = newCase();
  await claims.create(claim);
  const before = requestsOf(claims);
  const submitted = await claims.caseForChange(claim.claimId, FROM_SUBMITTED);
  expect(requestsOf(claims)).toBe(before);
  expect(submitted).toMatchObject(claim);
  return submitted;
}

/** Every request the table's client sent so far. */
const requestsOf = (_store: ClaimStore) =>
  Object.values(table.requests.counts()).reduce(
    (sum, operations) => sum + Object.values(operations).reduce((a, n) => a + n, 0),
    0,
  );

describe('a claim folder remembered after the store wrote it (issue #17)', () => {
  it('serves the next change without a read, with what the write stored beside the case', async () => {
    const claims = new ClaimStore(table.docClient, table.tableName);
    const claim = await filed(claims);
    const fetching = await claims.transition(
      claim,
      'FETCHING',
      {},
      [],
      {},
      {
        items: () => [
          {
            Put: {
              TableName: table.tableName,
              Item: { PK: `CLAIM#${claim.claimId}`, SK: 'DOC#NOTE#1', text: 'beside the move' },
            },
          },
        ],
      },
    );
    const before = requestsOf(claims);
    const folder = await claims.readFolder(claim.claimId, { forChangeFrom: FROM_FETCHING });
    expect(requestsOf(claims)).toBe(before);
    expect(folder.claim).toEqual(fetching);
    expect(folder.document<{ text: string }>('NOTE', '1')?.text).toBe('beside the move');
    // What a fresh read returns is the same folder.
    const read = await claims.readFolder(claim.claimId);
    expect(requestsOf(claims)).toBe(before + 1);
    expect(read.claim).toEqual(folder.claim);
    expect(read.document('NOTE', '1')).toEqual(folder.document('NOTE', '1'));
  });

  it('is read again for anything but the change it may prepare', async () => {
    const claims = new ClaimStore(table.docClient, table.tableName);
    const claim = await filed(claims);
    await claims.transition(claim, 'FETCHING');
    const before = requestsOf(claims);
    await claims.readFolder(claim.claimId, { forChangeFrom: new Set(['VERIFYING']) });
    await claims.readFolder(claim.claimId);
    expect(requestsOf(claims)).toBe(before + 2);
  });

  it('a folder another writer changed meanwhile: the change fails and a fresh read sees the other write', async () => {
    const ours = new ClaimStore(table.docClient, table.tableName);
    const theirs = new ClaimStore(table.docClient, table.tableName);
    const claim = await filed(ours);
    await ours.transition(claim, 'FETCHING');
    // Another process stores a document: only the history head moves, our memory does not know.
    await theirs.putDocument(claim.claimId, 'RECEIPT', 'R9', { receiptId: 'R9' });
    const remembered = await ours.readFolder(claim.claimId, { forChangeFrom: FROM_FETCHING });
    expect(remembered.document('RECEIPT', 'R9')).toBeUndefined();
    // A read would have chained after the moved head and written; from memory it must not.
    await expect(ours.transition(remembered.claim, 'READING')).rejects.toBeInstanceOf(ClaimConflictError);
    const fresh = await ours.readFolder(claim.claimId, { forChangeFrom: FROM_FETCHING });
    expect(fresh.document('RECEIPT', 'R9')).toBeDefined();
    expect((await ours.transition(fresh.claim, 'READING')).status).toBe('READING');
  });
});
