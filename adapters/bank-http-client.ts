import { z } from 'zod';
import { scrubOutsideText } from '../domain/outside-text';
import { maskBankAccount } from '../domain/masking';
import {
  BankErrorSchema,
  IDEMPOTENCY_KEY_HEADER,
  LedgerSchema,
  TransferSchema,
  type Transfer,
  type TransferRequest,
} from './bank-api';
import {
  BankUnavailableError,
  PayoutRefusedError,
  type PaymentGateway,
  type PayoutInstruction,
  type PayoutReceipt,
} from './payments';
import { connectionFailure } from './http/connection-failure';

/**
 * PaymentGateway over the bank's HTTP API (adapters/bank-api.ts; locally local/bank/server.ts).
 *
 * Errors are sorted by what a retry can do:
 * - BankUnavailableError (the state machine retries it): a timeout, a refused or reset
 *   connection, a 5xx, and any answer we cannot read. A retry is always safe because the claim
 *   id travels as the idempotency key: if the bank did move the money before we lost the
 *   answer, the retry gets the first transfer back instead of a second one.
 * - PayoutRefusedError (final, a clerk looks): 422 (a closed account, a key reused for a
 *   different instruction) and 400 (the bank will never accept this instruction as it is).
 * - BankAnswerMismatchError (final): the bank confirmed a transfer that is not the one we sent.
 *
 * Messages name the claim and the account masked ('****3445'), never the full account.
 */

export interface BankHttpClientOptions {
  /** e.g. http://127.0.0.1:4102 */
  baseUrl: string;
  /** Per request, body included. Default 5000 ms. */
  timeoutMs?: number;
  /** For tests that need to see or shape requests; the global fetch by default. */
  fetch?: typeof fetch;
}

export interface BankHttpClient extends PaymentGateway {
  /** The bank's record of one transfer, or null when it has none for that key. */
  transferOf(idempotencyKey: string): Promise<Transfer | null>;
  /** Every transfer the bank has made: the other side of reconciliation. */
  ledger(): Promise<Transfer[]>;
}

/** Final: the bank confirmed a transfer that differs from the instruction; a clerk must look. */
export class BankAnswerMismatchError extends Error {
  override readonly name = 'BankAnswerMismatch';
}

const DEFAULT_TIMEOUT_MS = 5000;

interface Reply {
  status: number;
  body: unknown;
}

export function createBankHttpClient(options: BankHttpClientOptions): BankHttpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;

  /**
   * One request, read whole within the timeout. `what` says in errors what was being done,
   * e.g. 'the transfer of C… to ****3445'. A 5xx or a body that is not JSON is unavailable.
   */
  const request = async (what: string, path: string, init: RequestInit = {}): Promise<Reply> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await doFetch(`${baseUrl}${path}`, {
        ...init,
        signal: controller.signal,
        headers: { accept: 'application/json', ...init.headers },
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw unavailable(
        what,
        controller.signal.aborted ? `no answer within ${timeoutMs} ms` : connectionFailure(error),
      );
    } finally {
      clearTimeout(timer);
    }
    if (status >= 500) throw unavailable(what, `answered HTTP ${status}${reasonIn(text)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw unavailable(what, `answered HTTP ${status} with a body that is not JSON`);
    }
    return { status, body };
  };

  return {
    async transfer(instruction: PayoutInstruction): Promise<PayoutReceipt> {
      const masked = maskBankAccount(instruction.bankAccount);
      const what = `the transfer of ${instruction.idempotencyKey} to ${masked}`;
      const body: TransferRequest = {
        amountFen: instruction.amountFen,
        bankAccount: instruction.bankAccount,
        accountName: instruction.accountName,
        reference: instruction.reference,
      };
      const reply = await request(what, '/transfers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: instruction.idempotencyKey },
        body: JSON.stringify(body),
      });
      // The bank's own words may quote the account, the holder's name or an ID number: scrubbed.
      const said = (text: string) =>
        scrubOutsideText(text, [instruction.bankAccount, instruction.accountName]);

      if (reply.status === 422 || reply.status === 400) {
        const error = BankErrorSchema.safeParse(reply.body).data;
        const reason = error
          ? `${error.error}${error.message ? `: ${said(error.message)}` : ''}`
          : 'no reason given';
        throw new PayoutRefusedError(`bank refused ${what} (HTTP ${reply.status}): ${reason}`);
      }
      if (reply.status !== 200 && reply.status !== 201)
        throw unavailable(what, `answered HTTP ${reply.status}`);
      const transfer = parse(what, reply.body, TransferSchema, 'transfer');
      if (
        transfer.idempotencyKey !== instruction.idempotencyKey ||
        transfer.amountFen !== instruction.amountFen
      ) {
        throw new BankAnswerMismatchError(
          `bank confirmed ${what} as key ${transfer.idempotencyKey}, ${transfer.amountFen} fen; ` +
            `the instruction was ${instruction.amountFen} fen`,
        );
      }
      return { bankReference: transfer.bankReference, amountFen: transfer.amountFen };
    },

    async transferOf(idempotencyKey: string): Promise<Transfer | null> {
      const what = `the transfer for ${idempotencyKey}`;
      const reply = await request(what, `/transfers/${encodeURIComponent(idempotencyKey)}`);
      if (reply.status === 404) return null;
      if (reply.status !== 200) throw unavailable(what, `answered HTTP ${reply.status}`);
      return parse(what, reply.body, TransferSchema, 'transfer');
    },

    async ledger(): Promise<Transfer[]> {
      const what = 'the ledger';
      const reply = await request(what, '/ledger');
      if (reply.status !== 200) throw unavailable(what, `answered HTTP ${reply.status}`);
      return parse(what, reply.body, LedgerSchema, 'ledger').transfers;
    },
  };
}

function unavailable(what: string, cause: string): BankUnavailableError {
  return new BankUnavailableError(`bank unavailable for ${what}: ${cause}`);
}

/** The bank's error code from a 5xx body, when it sent one: ' (bank_unavailable)'. */
function reasonIn(text: string): string {
  try {
    const code = BankErrorSchema.safeParse(JSON.parse(text)).data?.error;
    return code ? ` (${code})` : '';
  } catch {
    return '';
  }
}

function parse<T>(what: string, body: unknown, schema: z.ZodType<T>, shape: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${z.core.toDotPath(i.path) || '(root)'}: ${i.message}`)
      .join('; ');
    throw unavailable(what, `malformed ${shape}: ${issues}`);
  }
  return parsed.data;
}
