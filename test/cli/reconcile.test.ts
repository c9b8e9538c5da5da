import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { keys, type PayoutRecord } from '../../adapters/claim-store';
import { readPayouts } from '../../adapters/payout-ledger';
import type { ReconciliationDifference } from '../../domain/payout-reconciliation';
import { BankSimulator } from '../../local/bank/bank-simulator';
import { startBankServer, type BankServer } from '../../local/bank/server';
import { useTestTable } from '../support/dynamodb';
import { runCliAsync, type CliRun } from '../support/run-cli';

const table = useTestTable('reconcile');
const bank = new BankSimulator();
let bankServer: BankServer;

beforeAll(async () => {
  bankServer = await startBankServer(bank);
});
afterAll(() => bankServer.close());

const ACCOUNT = '6222020200112233445';

/** The table side: a payout record as PayOut writes it. */
async function recordPayout(claimId: string, amountFen: number, bankReference?: string): Promise<void> {
  const record: PayoutRecord = {
    claimId,
    amountFen,
    bankAccount: ACCOUNT,
    accountName: '测试戊',
    insuredId: 'sha256:reconcile-test',
    year: 2026,
    careType: 'outpatient',
    adjudicationSeq: 1,
    createdAt: '2026-03-05T09:00:00.000Z',
    ...(bankReference !== undefined && { bankReference }),
  };
  await table.docClient.send(
    new PutCommand({ TableName: table.tableName, Item: { ...keys.payout(claimId), ...record } }),
  );
}

/** The bank side: a transfer as PayOut instructs it; its bank reference. */
async function transfer(claimId: string, amountFen: number): Promise<string> {
  const receipt = await bank.transfer({
    idempotencyKey: claimId,
    amountFen,
    bankAccount: ACCOUNT,
    accountName: '测试戊',
    reference: `crossclaim ${claimId}`,
  });
  return receipt.bankReference;
}

/** A claim paid as it should be: the transfer made and its reference stored with the payout. */
async function paidInFull(claimId: string, amountFen: number): Promise<void> {
  await recordPayout(claimId, amountFen, await transfer(claimId, amountFen));
}

async function emptyTable(): Promise<void> {
  for (const p of await readPayouts(table.docClient, table.tableName)) {
    await table.docClient.send(
      new DeleteCommand({ TableName: table.tableName, Key: keys.payout(p.claimId) }),
    );
  }
}

/** A clean state both sides agree on: two claims paid, one adjudicated to ¥0 (no transfer). */
async function balancedBooks(): Promise<void> {
  await paidInFull('C20260305RECON0000001', 123_400);
  await paidInFull('C20260305RECON0000002', 5_000);
  await recordPayout('C20260305RECON0000000', 0);
}

const reconcile = (...extra: string[]): Promise<CliRun> =>
  runCliAsync([
    'reconcile',
    '--table',
    table.tableName,
    '--dynamodb-endpoint',
    inject('dynamoEndpoint'),
    '--bank-url',
    bankServer.url,
    ...extra,
  ]);

interface JsonReport {
  balanced: boolean;
  summary: { matched: number; differences: number; nothingToTransfer: number };
  differences: ReconciliationDifference[];
}

beforeEach(async () => {
  bank.reset();
  await emptyTable();
  await balancedBooks();
});

describe('crossclaim reconcile: the payouts in the table against the bank ledger', () => {
  it('books that agree: a summary, "Everything matches.", exit code 0', async () => {
    const run = await reconcile();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/payouts in the table +3 \(1 of ¥0\.00, nothing to transfer\)/);
    expect(run.stdout).toMatch(/transfers at the bank +2/);
    expect(run.stdout).toMatch(/matched +2/);
    expect(run.stdout).toMatch(/differences +0/);
    expect(run.stdout).toContain('Everything matches.');
  });

  it('--format json: one JSON object with the verdict, the summary and no differences', async () => {
    const run = await reconcile('--format', 'json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport & { table: string; bankUrl: string };
    expect(report).toMatchObject({
      table: table.tableName,
      bankUrl: bankServer.url,
      balanced: true,
      summary: { matched: 2, nothingToTransfer: 1, differences: 0 },
      differences: [],
    });
  });

  // Each kind of difference, injected on top of balanced books: listed alone, exit code 1.
  it.each<[string, () => Promise<ReconciliationDifference>]>([
    [
      'amount differs',
      async () => {
        await recordPayout('C20260305RECON0000010', 20_000, await transfer('C20260305RECON0000010', 19_000));
        return {
          kind: 'amount_differs',
          claimId: 'C20260305RECON0000010',
          tableAmountFen: 20_000,
          bankAmountFen: 19_000,
        };
      },
    ],
    [
      'paid in the table, no transfer, instruction still due',
      async () => {
        await recordPayout('C20260305RECON0000011', 30_000);
        return {
          kind: 'missing_at_bank',
          claimId: 'C20260305RECON0000011',
          amountFen: 30_000,
          tableBankReference: null,
          instructionDue: true,
        };
      },
    ],
    [
      'paid in the table with a bank reference the bank does not know',
      async () => {
        await recordPayout('C20260305RECON0000012', 40_000, 'BK-never-made');
        return {
          kind: 'missing_at_bank',
          claimId: 'C20260305RECON0000012',
          amountFen: 40_000,
          tableBankReference: 'BK-never-made',
          instructionDue: false,
        };
      },
    ],
    [
      'transfer at the bank, no payout in the table',
      async () => {
        const bankReference = await transfer('C20260305RECON0000013', 50_000);
        return {
          kind: 'missing_in_table',
          claimId: 'C20260305RECON0000013',
          bankAmountFen: 50_000,
          bankReference,
        };
      },
    ],
    [
      'bank reference differs',
      async () => {
        const bankReference = await transfer('C20260305RECON0000014', 60_000);
        await recordPayout('C20260305RECON0000014', 60_000, 'BK-someone-else');
        return {
          kind: 'bank_reference_differs',
          claimId: 'C20260305RECON0000014',
          tableBankReference: 'BK-someone-else',
          bankReference,
        };
      },
    ],
  ])('%s: listed, exit code 1', async (_kind, inject) => {
    const expected = await inject();
    const run = await reconcile('--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.balanced).toBe(false);
    expect(report.differences).toEqual([expected]);
    expect(report.summary).toMatchObject({ matched: 2, differences: 1 });
    expect(run.stdout).not.toContain(ACCOUNT);
  });

  it('text: each difference on its own line, by claim id, in words a clerk reads; exit code 1', async () => {
    await recordPayout('C20260305RECON0000020', 20_000, await transfer('C20260305RECON0000020', 19_000));
    await recordPayout('C20260305RECON0000021', 30_000);
    await recordPayout('C20260305RECON0000022', 40_000, 'BK-never-made');
    const orphan = await transfer('C20260305RECON0000023', 50_000);
    const unrecorded = await transfer('C20260305RECON0000024', 60_000);
    await recordPayout('C20260305RECON0000024', 60_000);

    const run = await reconcile();
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/differences +5/);
    const lines = run.stdout.split('\n').filter((line) => line.startsWith('  C2026'));
    expect(lines).toEqual([
      '  C20260305RECON0000020  amount differs: the table pays ¥200.00, the bank transferred ¥190.00',
      '  C20260305RECON0000021  paid in the table, no transfer at the bank: ¥300.00, no bank reference yet: the instruction is still due',
      '  C20260305RECON0000022  paid in the table, no transfer at the bank: ¥400.00, the table records bank reference BK-never-made but the bank has no such transfer',
      `  C20260305RECON0000023  transfer at the bank, no payout in the table: the bank transferred ¥500.00 (${orphan})`,
      `  C20260305RECON0000024  bank reference differs: the bank transferred (${unrecorded}) but the table has no reference yet`,
    ]);
    expect(run.stdout).not.toContain(ACCOUNT);
  });
});

describe('crossclaim reconcile: where to look', () => {
  it('takes the table and the bank from TABLE_NAME and CROSSCLAIM_BANK_URL when no flag names them', async () => {
    const run = await runCliAsync(['reconcile', '--format', 'json'], {
      env: {
        TABLE_NAME: table.tableName,
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        CROSSCLAIM_BANK_URL: bankServer.url,
      },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ table: table.tableName, bankUrl: bankServer.url });
  });

  it('names the local runtime defaults in its help', async () => {
    const run = await runCliAsync(['reconcile', '--help']);
    expect(run.status).toBe(0);
    const help = run.stdout.replace(/\s+/g, ' '); // commander wraps the lines
    expect(help).toContain('(default: "crossclaim", env: TABLE_NAME)');
    expect(help).toContain('(default: "http://127.0.0.1:8000", env: AWS_ENDPOINT_URL_DYNAMODB)');
    expect(help).toContain('(default: "http://127.0.0.1:4102", env: CROSSCLAIM_BANK_URL)');
  });
});

describe('crossclaim reconcile: bad input is exit code 2, an unreadable side 3, nothing on stdout', () => {
  it.each([
    [['--format', 'xml'], /argument 'xml' is invalid/],
    [['--bank-url', 'bank.local:4102'], /--bank-url: "bank.local:4102" is not an http\(s\) URL/],
    [['--dynamodb-endpoint', 'ftp://127.0.0.1:8000'], /--dynamodb-endpoint: .* is not an http\(s\) URL/],
    [['--table', 'no such table!'], /--table: "no such table!" is not a DynamoDB table name/],
    [
      ['--table', 'crossclaim-reconcile-does-not-exist'],
      /--table: table crossclaim-reconcile-does-not-exist does not exist/,
    ],
  ])('%j → exit code 2', async (flags, message) => {
    const run = await reconcile(...flags);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a bank that cannot be reached → exit code 3, naming the cause', async () => {
    const gone = await startBankServer(new BankSimulator());
    await gone.close();
    const run = await reconcile('--bank-url', gone.url);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/crossclaim: reconcile: cannot read the bank's ledger: .*connection refused/);
    expect(run.stdout).toBe('');
  });

  it('neither side reachable → exit code 3, each cause on its own line', async () => {
    const gone = await startBankServer(new BankSimulator());
    await gone.close();
    const run = await reconcile('--bank-url', gone.url, '--dynamodb-endpoint', gone.url);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^crossclaim: reconcile: cannot read the payouts of table .*ECONNREFUSED/m);
    expect(run.stderr).toMatch(/^crossclaim: reconcile: cannot read the bank's ledger: /m);
  });
});
