import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys, type PayoutRecord } from '../../adapters/claim-store';
import { MalformedPayoutRecordError, readPayouts } from '../../adapters/payout-ledger';
import { useTestTable } from '../support/dynamodb';

const table = useTestTable('payout-ledger');

const payout = (n: number, overrides: Partial<PayoutRecord> = {}): PayoutRecord => ({
  claimId: `C20260304LEDGER${String(n).padStart(6, '0')}`,
  amountFen: 10_000 * n,
  bankAccount: '6222020200112233445',
  accountName: '测试丁',
  insuredId: 'sha256:test',
  year: 2026,
  careType: 'inpatient',
  adjudicationSeq: 1,
  createdAt: '2026-03-04T08:00:00.000Z',
  ...(n % 2 === 0 && { bankReference: `BK-ledger-${n}` }),
  ...overrides,
});

const PAYOUTS = [1, 2, 3, 4, 5, 6, 7].map((n) => payout(n));

async function put(item: Record<string, unknown>): Promise<void> {
  await table.docClient.send(new PutCommand({ TableName: table.tableName, Item: item }));
}

beforeAll(async () => {
  for (const p of PAYOUTS) await put({ ...keys.payout(p.claimId), ...p });
  // Everything else a claims table holds, including items that look a little like payouts.
  for (let i = 0; i < 20; i++) {
    await put({ ...keys.claim(`C20260304OTHER${String(i).padStart(7, '0')}`), status: 'PAID' });
  }
  await put({ PK: 'CLAIM#C20260304LEDGER000001', SK: 'PAYOUT', amountFen: 1 });
  await put({ PK: 'PAYOUT#C20260304LEDGER000001', SK: 'NOTE', amountFen: 1 });
  await put({ PK: 'IDEMPOTENCY#pay-out#C20260304LEDGER000001', SK: 'IDEMPOTENCY', status: 'COMPLETED' });
});

const byClaimId = (a: PayoutRecord, b: PayoutRecord) => a.claimId.localeCompare(b.claimId);

describe('payout ledger: every payout record in the claims table', () => {
  it('reads exactly the payout records, with their fields and without the table keys', async () => {
    const read = await readPayouts(table.docClient, table.tableName);
    expect(read.sort(byClaimId)).toEqual(PAYOUTS);
  });

  it('keeps the bank reference when PayOut stored one and leaves it out when not', async () => {
    const read = await readPayouts(table.docClient, table.tableName);
    const stored = read.find((p) => p.claimId === PAYOUTS[1]!.claimId);
    const due = read.find((p) => p.claimId === PAYOUTS[0]!.claimId);
    expect(stored?.bankReference).toBe('BK-ledger-2');
    expect(due).not.toHaveProperty('bankReference');
  });

  it('follows the pages to the end, past pages the filter left empty', async () => {
    // Limit counts items read before the filter: with 3 per page, most pages hold no payout.
    const read = await readPayouts(table.docClient, table.tableName, { pageSize: 3 });
    expect(read.sort(byClaimId)).toEqual(PAYOUTS);
  });

  it('refuses an item under PAYOUT# that is not a payout record, naming it and the field', async () => {
    const broken = {
      ...keys.payout('C20260304BROKEN000001'),
      ...payout(9),
      claimId: 'C20260304BROKEN000001',
    };
    await put({ ...broken, amountFen: 12.5 });
    try {
      const read = readPayouts(table.docClient, table.tableName);
      await expect(read).rejects.toThrow(MalformedPayoutRecordError);
      await expect(read).rejects.toThrow(/item PAYOUT#C20260304BROKEN000001 .*amountFen: /);
    } finally {
      await table.docClient.send(
        new DeleteCommand({ TableName: table.tableName, Key: keys.payout('C20260304BROKEN000001') }),
      );
    }
  });
});
