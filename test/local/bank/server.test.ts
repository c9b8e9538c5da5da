import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BankSimulator } from '../../../local/bank/bank-simulator';
import { BankServerStartError, startBankServer, type BankServer } from '../../../local/bank/server';

const ACCOUNT = '6222020200112233445';
const body = (overrides: Record<string, unknown> = {}) => ({
  amountFen: 250_000,
  bankAccount: ACCOUNT,
  accountName: '测试乙',
  reference: 'crossclaim C20260302SERVER000001 ¥2,500.00',
  ...overrides,
});

const bank = new BankSimulator();
let server: BankServer;

beforeAll(async () => {
  server = await startBankServer(bank);
});
afterAll(() => server.close());
beforeEach(() => bank.reset());

async function postTransfer(key: string | undefined, payload: unknown): Promise<Response> {
  return fetch(`${server.url}/transfers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key !== undefined && { 'Idempotency-Key': key }) },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function postAdmin(path: string, payload?: unknown): Promise<Response> {
  return fetch(`${server.url}/admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify(payload ?? {}),
  });
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('bank server: transfers are idempotent by Idempotency-Key', () => {
  it('makes a transfer (201) and shows the account masked, never in full, and not the name', async () => {
    const response = await postTransfer('C20260302SERVER000001', body());
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      idempotencyKey: 'C20260302SERVER000001',
      bankReference: expect.stringMatching(/^BK/),
      amountFen: 250_000,
      maskedBankAccount: '****3445',
      reference: 'crossclaim C20260302SERVER000001 ¥2,500.00',
      at: expect.any(String),
    });
    expect(text).not.toContain(ACCOUNT);
    expect(text).not.toContain('测试乙');
  });

  it('answers a replay of the same instruction with the first transfer (200, same bank reference)', async () => {
    const first = await json(await postTransfer('C20260302SERVER000002', body()));
    const replay = await postTransfer('C20260302SERVER000002', body());
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(replay)).toEqual(first);
    expect(bank.ledger()).toHaveLength(1);
  });

  it('refuses the same key with a different body (422) and keeps the first transfer', async () => {
    await postTransfer('C20260302SERVER000003', body());
    const conflicting = await postTransfer('C20260302SERVER000003', body({ amountFen: 250_001 }));
    expect(conflicting.status).toBe(422);
    expect(await json(conflicting)).toMatchObject({ error: 'idempotency_key_reused' });
    expect(bank.ledger().map((t) => t.amountFen)).toEqual([250_000]);
  });

  it('requires the Idempotency-Key header (400) and moves no money without it', async () => {
    const response = await postTransfer(undefined, body());
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({
      error: 'missing_idempotency_key',
      message: expect.stringContaining('Idempotency-Key'),
    });
    expect(bank.ledger()).toEqual([]);
  });

  it('refuses an Idempotency-Key that could not be looked up again by GET /transfers/{key}', async () => {
    const response = await postTransfer('C2026/../x', body());
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ message: expect.stringMatching(/^Idempotency-Key: /) });
  });
});

describe('bank server: a bad instruction is a 400 naming the field, never repeating its value', () => {
  it.each<[string, Record<string, unknown>]>([
    ['amountFen', { amountFen: 0 }],
    ['amountFen', { amountFen: -100 }],
    ['amountFen', { amountFen: 12.5 }],
    ['amountFen', { amountFen: '100' }],
    ['bankAccount', { bankAccount: '62220202001' }],
    ['bankAccount', { bankAccount: '62220202001122334455' }],
    ['bankAccount', { bankAccount: '6222-0202-0011-2233' }],
    ['accountName', { accountName: ' ' }],
    ['accountName', { accountName: undefined }],
    ['reference', { reference: '' }],
  ])('%s: %j', async (field, overrides) => {
    const response = await postTransfer('C20260302SERVER000010', body(overrides));
    expect(response.status).toBe(400);
    const answer = await json(response);
    expect(answer).toMatchObject({
      error: 'invalid_request',
      message: expect.stringContaining(`${field}: `),
    });
    expect(answer.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    const bad = overrides[field];
    if (typeof bad === 'string' && bad.length > 3) expect(JSON.stringify(answer)).not.toContain(bad);
    expect(bank.ledger()).toEqual([]);
  });

  it('refuses fields it does not know', async () => {
    const response = await postTransfer('C20260302SERVER000011', body({ currency: 'USD' }));
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ message: expect.stringContaining('currency') });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await postTransfer('C20260302SERVER000012', '{"amountFen": 1');
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ message: '(body): body must be JSON' });
  });
});

describe('bank server: looking transfers up', () => {
  it('GET /transfers/{key} answers the transfer, or 404 for a key it never saw', async () => {
    const made = await json(await postTransfer('C20260302SERVER000020', body()));
    const found = await fetch(`${server.url}/transfers/C20260302SERVER000020`);
    expect(found.status).toBe(200);
    expect(await json(found)).toEqual(made);
    const missing = await fetch(`${server.url}/transfers/C20260302NEVERSEEN0000`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ error: 'transfer_not_found' });
  });

  it('GET /ledger lists every transfer once, oldest first', async () => {
    await postTransfer('C20260302SERVER000021', body({ amountFen: 100 }));
    await postTransfer('C20260302SERVER000022', body({ amountFen: 200 }));
    await postTransfer('C20260302SERVER000021', body({ amountFen: 100 }));
    const ledger = (await json(await fetch(`${server.url}/ledger`))) as {
      transfers: { amountFen: number }[];
    };
    expect(ledger.transfers.map((t) => t.amountFen)).toEqual([100, 200]);
  });

  it('answers 404 for paths it does not serve and 405 for the wrong method', async () => {
    expect((await fetch(`${server.url}/accounts`)).status).toBe(404);
    expect((await fetch(`${server.url}/transfers`)).status).toBe(405);
    expect((await fetch(`${server.url}/ledger`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${server.url}/admin/reset`)).status).toBe(405);
  });
});

describe('bank server: faults switched through /admin', () => {
  it('failNext: the next N instructions get 503, then the bank pays', async () => {
    expect(await json(await postAdmin('faults', { failNext: 2 }))).toMatchObject({ faults: { failNext: 2 } });
    expect((await postTransfer('C20260302SERVER000030', body())).status).toBe(503);
    const second = await postTransfer('C20260302SERVER000030', body());
    expect(second.status).toBe(503);
    expect(await json(second)).toMatchObject({ error: 'bank_unavailable' });
    expect((await postTransfer('C20260302SERVER000030', body())).status).toBe(201);
    expect(bank.ledger()).toHaveLength(1);
  });

  it('delayMs: answers only after the delay', async () => {
    await postAdmin('faults', { delayMs: 250 });
    const started = Date.now();
    expect((await postTransfer('C20260302SERVER000031', body())).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('refuseAccountsEndingIn: a final 422 account closed, the account masked', async () => {
    await postAdmin('faults', { refuseAccountsEndingIn: ['3445'] });
    const response = await postTransfer('C20260302SERVER000032', body());
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'account_closed', message: 'account ****3445 is closed' });
    expect(text).not.toContain(ACCOUNT);
    const otherAccount = await postTransfer(
      'C20260302SERVER000033',
      body({ bankAccount: '6222020200112230000' }),
    );
    expect(otherAccount.status).toBe(201);
  });

  it('keeps the faults not named in a request, and answers with all faults in force', async () => {
    await postAdmin('faults', { refuseAccountsEndingIn: ['9'] });
    const answer = await json(await postAdmin('faults', { delayMs: 5 }));
    expect(answer).toEqual({ faults: { failNext: 0, delayMs: 5, refuseAccountsEndingIn: ['9'] } });
  });

  it('refuses faults it does not understand, naming the field', async () => {
    for (const bad of [
      { failNext: -1 },
      { delayMs: 'slow' },
      { refuseAccountsEndingIn: ['34a5'] },
      { explode: 1 },
    ]) {
      const response = await postAdmin('faults', bad);
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({ message: expect.stringContaining(Object.keys(bad)[0]!) });
    }
    expect(bank.faults()).toEqual({ failNext: 0, delayMs: 0, refuseAccountsEndingIn: [] });
  });

  it('reset clears the ledger and every fault', async () => {
    await postTransfer('C20260302SERVER000034', body());
    await postAdmin('faults', { failNext: 1, delayMs: 10, refuseAccountsEndingIn: ['1'] });
    const answer = await json(await postAdmin('reset'));
    expect(answer).toEqual({ faults: { failNext: 0, delayMs: 0, refuseAccountsEndingIn: [] } });
    expect(await json(await fetch(`${server.url}/ledger`))).toEqual({ transfers: [] });
  });
});

describe('bank server: listening', () => {
  it('binds to the loopback interface only', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a port in use with an error naming the port', async () => {
    const taken = await startBankServer(new BankSimulator());
    try {
      const attempt = startBankServer(new BankSimulator(), { port: taken.port });
      await expect(attempt).rejects.toThrow(BankServerStartError);
      await expect(attempt).rejects.toThrow(`127.0.0.1:${taken.port}: the port is already in use`);
    } finally {
      await taken.close();
    }
  });

  it('listens on the port it is given', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const fixed = await startBankServer(new BankSimulator(), { port });
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${fixed.url}/ledger`)).status).toBe(200);
    } finally {
      await fixed.close();
    }
  });
});
