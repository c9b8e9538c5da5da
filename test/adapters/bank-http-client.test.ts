import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BankAnswerMismatchError,
  createBankHttpClient,
  type BankHttpClient,
} from '../../adapters/bank-http-client';
import { BankUnavailableError, PayoutRefusedError, type PayoutInstruction } from '../../adapters/payments';
import { BankSimulator } from '../../local/bank/bank-simulator';
import { startBankServer, type BankServer } from '../../local/bank/server';

const ACCOUNT = '6217000010002223344';
const MASKED = '****3344';
// Long enough for an answer on 2 loaded cores (300 ms failed there), short enough for the slow-bank test.
const CLIENT_TIMEOUT_MS = 1500;

const instruction = (overrides: Partial<PayoutInstruction> = {}): PayoutInstruction => ({
  idempotencyKey: 'C20260303CLIENT0000001',
  amountFen: 88_800,
  bankAccount: ACCOUNT,
  accountName: '样例丙',
  reference: 'crossclaim C20260303CLIENT0000001 ¥888.00',
  ...overrides,
});

const bank = new BankSimulator();
let server: BankServer;
let client: BankHttpClient;

beforeAll(async () => {
  server = await startBankServer(bank);
  client = createBankHttpClient({ baseUrl: server.url, timeoutMs: CLIENT_TIMEOUT_MS });
});
afterAll(() => server.close());
beforeEach(() => bank.reset());

/** The error a call fails with; fails the test if it does not fail. */
async function failureOf(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail');
  return outcome;
}

/** Every message names the claim and shows the account only masked. */
function expectMaskedMessage(error: Error, claimId = instruction().idempotencyKey): void {
  expect(error.message).toContain(claimId);
  expect(error.message).toContain(MASKED);
  expect(error.message).not.toContain(ACCOUNT);
  expect(error.message).not.toContain(ACCOUNT.slice(0, 12));
}

/** A fetch that answers every request with this status and body, for answers the simulator never gives. */
const answering =
  (status: number, body: string): typeof fetch =>
  async () =>
    new Response(body, { status, headers: { 'content-type': 'application/json' } });

describe('bank HTTP client: payouts', () => {
  it('pays and returns the bank reference; the bank saw the instruction as sent', async () => {
    const receipt = await client.transfer(instruction());
    expect(receipt).toEqual({ bankReference: expect.stringMatching(/^BK/), amountFen: 88_800 });
    expect(bank.ledger()).toEqual([
      { ...instruction(), bankReference: receipt.bankReference, at: expect.any(String) },
    ]);
  });

  it('a retried instruction gets the first transfer back, and the money moves once', async () => {
    const first = await client.transfer(instruction());
    expect(await client.transfer(instruction())).toEqual(first);
    expect(bank.ledger()).toHaveLength(1);
  });

  it('reads one transfer and the whole ledger, with the account masked as the bank shows it', async () => {
    const { bankReference } = await client.transfer(instruction());
    await client.transfer(instruction({ idempotencyKey: 'C20260303CLIENT0000002', amountFen: 1 }));
    expect(await client.transferOf('C20260303CLIENT0000001')).toMatchObject({
      bankReference,
      amountFen: 88_800,
      maskedBankAccount: MASKED,
    });
    expect(await client.transferOf('C20260303NEVERSENT0000')).toBeNull();
    expect((await client.ledger()).map((t) => [t.idempotencyKey, t.amountFen])).toEqual([
      ['C20260303CLIENT0000001', 88_800],
      ['C20260303CLIENT0000002', 1],
    ]);
  });
});

describe('bank HTTP client: transient faults are BankUnavailableError (the state machine retries)', () => {
  async function expectUnavailable(call: Promise<unknown>, cause: RegExp): Promise<Error> {
    const error = await failureOf(call);
    expect(error).toBeInstanceOf(BankUnavailableError);
    expect(error.name).toBe('BankUnavailable');
    expect(error.message).toMatch(cause);
    return error;
  }

  it('503 from a bank that is down', async () => {
    bank.failNextInstructions(1);
    const error = await expectUnavailable(client.transfer(instruction()), /HTTP 503 \(bank_unavailable\)/);
    expectMaskedMessage(error);
    expect(bank.ledger()).toEqual([]);
  });

  it('a bank slower than the client waits; the retry finds the transfer the slow answer made', async () => {
    bank.setDelay(CLIENT_TIMEOUT_MS + 300);
    const started = Date.now();
    const error = await expectUnavailable(
      client.transfer(instruction()),
      new RegExp(`no answer within ${CLIENT_TIMEOUT_MS} ms`),
    );
    expect(Date.now() - started).toBeLessThan(CLIENT_TIMEOUT_MS + 1000);
    expectMaskedMessage(error);

    // The bank finished the transfer after the client gave up; the retry must not pay twice.
    await new Promise((resolve) => setTimeout(resolve, 600));
    bank.setDelay(0);
    const retried = await client.transfer(instruction());
    expect(bank.ledger()).toEqual([expect.objectContaining({ bankReference: retried.bankReference })]);
  });

  it('a refused connection', async () => {
    const gone = await startBankServer(new BankSimulator());
    await gone.close();
    const refused = createBankHttpClient({ baseUrl: gone.url, timeoutMs: CLIENT_TIMEOUT_MS });
    expectMaskedMessage(await expectUnavailable(refused.transfer(instruction()), /connection refused/));
    await expectUnavailable(refused.ledger(), /ledger: connection refused/);
  });

  it('any other 5xx, a body that is not JSON, or a transfer that breaks the schema', async () => {
    const cases: [typeof fetch, RegExp][] = [
      [answering(502, '<html>bad gateway</html>'), /HTTP 502/],
      [answering(201, '{"idempotencyKey": "C2'), /HTTP 201 with a body that is not JSON/],
      [answering(201, '{"idempotencyKey": "C20260303CLIENT0000001"}'), /malformed transfer: bankReference/],
      [answering(429, '{"error": "slow_down"}'), /HTTP 429/],
    ];
    for (const [fetchStub, cause] of cases) {
      const stubbed = createBankHttpClient({ baseUrl: 'http://127.0.0.1:1', fetch: fetchStub });
      expectMaskedMessage(await expectUnavailable(stubbed.transfer(instruction()), cause));
    }
  });
});

describe('bank HTTP client: final answers are PayoutRefusedError (a clerk looks)', () => {
  async function expectRefused(call: Promise<unknown>, reason: RegExp): Promise<void> {
    const error = await failureOf(call);
    expect(error).toBeInstanceOf(PayoutRefusedError);
    expect(error.name).toBe('PayoutRefused');
    expect(error.message).toMatch(reason);
    expectMaskedMessage(error);
  }

  it('422 for a closed account', async () => {
    bank.refuseAccountsEndingIn(['3344']);
    await expectRefused(
      client.transfer(instruction()),
      /HTTP 422\): account_closed: account \*\*\*\*3344 is closed/,
    );
  });

  it('422 for a claim id already used for a different instruction', async () => {
    await client.transfer(instruction());
    await expectRefused(client.transfer(instruction({ amountFen: 88_801 })), /idempotency_key_reused/);
  });

  it('400 for an instruction the bank will never accept as it is, naming the field', async () => {
    await expectRefused(
      client.transfer(instruction({ amountFen: 0 })),
      /HTTP 400\): invalid_request: amountFen: /,
    );
  });

  it("masks the account even when the bank's own message quotes it in full", async () => {
    const blunt = createBankHttpClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch: answering(
        422,
        JSON.stringify({ error: 'account_closed', message: `account ${ACCOUNT} closed` }),
      ),
    });
    await expectRefused(blunt.transfer(instruction()), /account \*\*\*\*3344 closed/);
  });

  it('scrubs the holder’s name, another ID number and an account quoted with spaces from the bank’s words', async () => {
    const chatty = createBankHttpClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch: answering(
        422,
        JSON.stringify({
          error: 'name_mismatch',
          message: `户名样例丙与账户 6217 0000 1000 2223 344 不符，开户证件 330402199001010019`,
        }),
      ),
    });
    const error = await failureOf(chatty.transfer(instruction()));
    expect(error).toBeInstanceOf(PayoutRefusedError);
    for (const secret of ['样例丙', '6217 0000 1000 2223 344', '330402199001010019'])
      expect(error.message).not.toContain(secret);
    expect(error.message).toContain('name_mismatch');
  });
});

describe('bank HTTP client: a confirmation that is not of our instruction', () => {
  it('is BankAnswerMismatchError, final: retrying would get the same answer', async () => {
    const wrongAmount = createBankHttpClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch: answering(
        200,
        JSON.stringify({
          idempotencyKey: 'C20260303CLIENT0000001',
          bankReference: 'BK1',
          amountFen: 8_880,
          maskedBankAccount: MASKED,
          reference: 'x',
          at: '2026-03-03T00:00:00.000Z',
        }),
      ),
    });
    const error = await failureOf(wrongAmount.transfer(instruction()));
    expect(error).toBeInstanceOf(BankAnswerMismatchError);
    expect(error.message).toMatch(/8880 fen; the instruction was 88800 fen/);
    expectMaskedMessage(error);
  });
});
