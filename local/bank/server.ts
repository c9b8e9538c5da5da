import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BANK_ERRORS,
  IdempotencyKeySchema,
  TransferRequestSchema,
  type BankError,
  type Ledger,
  type Transfer,
} from '../../adapters/bank-api';
import { maskBankAccount } from '../../domain/masking';
import { issuesFromZod, type InputIssue } from '../../domain/validation';
import { allowedHosts, checkAdmin, checkHost, newAdminToken } from '../http-guard';
import { SetBankFaultsRequestSchema } from './admin-requests';
import type { BankSimulator, BankTransfer, InstructionOutcome } from './bank-simulator';

/**
 * The simulated bank as a separate HTTP service on 127.0.0.1, speaking the API of
 * adapters/bank-api.ts, plus an admin API to switch faults:
 *
 *   POST /admin/faults  { failNext?, delayMs?, refuseAccountsEndingIn? }  → 200 { faults }
 *   POST /admin/reset                                                     → 200 { faults }, no transfers
 *
 * It answers only requests whose Host names it (local/http-guard.ts: DNS rebinding), and the
 * admin endpoints only JSON requests with the world's admin token as a bearer token.
 */

export interface BankServer {
  /** Base URL, e.g. http://127.0.0.1:4102 (no trailing slash). */
  url: string;
  port: number;
  /** The bearer token of the admin endpoints. */
  adminToken: string;
  close(): Promise<void>;
}

export interface BankServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The bearer token the admin endpoints require; a random one when omitted. */
  adminToken?: string;
  /** More Host names (with port) to answer besides 127.0.0.1, localhost and [::1]. */
  hosts?: readonly string[];
}

export class BankServerStartError extends Error {
  override readonly name = 'BankServerStartError';
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 64 * 1024;

export async function startBankServer(
  bank: BankSimulator,
  options: BankServerOptions = {},
): Promise<BankServer> {
  const adminToken = options.adminToken ?? newAdminToken();
  let hosts = new Set<string>();
  const server = createServer((request, response) => {
    const refused = checkHost(request.headers, hosts);
    if (refused) {
      send(response, refused);
      return;
    }
    route(bank, request, adminToken)
      .then((answer) => send(response, answer))
      .catch(() => send(response, { status: 500, body: { error: 'internal_error' } }));
  });
  const requestedPort = options.port ?? 0;
  await listen(server, requestedPort);
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port, options.hosts);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    adminToken,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Requests held by a delay fault and keep-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new BankServerStartError(
            `The bank simulator cannot listen on 127.0.0.1:${port}: the port is already in use. ` +
              `Stop whatever holds it (ss -ltnp | grep :${port}) or choose another port (0 picks a free one).`,
            { cause: error },
          ),
        );
      } else {
        reject(
          new BankServerStartError(
            `The bank simulator cannot listen on 127.0.0.1:${port}: ${error.message}`,
            { cause: error },
          ),
        );
      }
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

async function route(bank: BankSimulator, request: IncomingMessage, adminToken: string): Promise<Answer> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const [first, second, third] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = request.method ?? 'GET';

  if (first === 'transfers' && second === undefined) {
    return method === 'POST' ? postTransfer(bank, request) : methodNotAllowed();
  }
  if (first === 'transfers' && second !== undefined && third === undefined) {
    return method === 'GET' ? getTransfer(bank, second) : methodNotAllowed();
  }
  if (first === 'ledger' && second === undefined) {
    return method === 'GET' ? getLedger(bank) : methodNotAllowed();
  }
  if (first === 'admin' && third === undefined) {
    if (method !== 'POST') return methodNotAllowed();
    const refused = checkAdmin(request.headers, adminToken);
    if (refused) return refused;
    if (second === 'faults') return setFaults(bank, request);
    if (second === 'reset') {
      bank.reset();
      return { status: 200, body: { faults: bank.faults() } };
    }
  }
  return { status: 404, body: { error: 'not_found' } };
}

async function postTransfer(bank: BankSimulator, request: IncomingMessage): Promise<Answer> {
  const header = request.headers['idempotency-key'];
  if (header === undefined || header === '') {
    return badRequest(BANK_ERRORS.missingIdempotencyKey, [
      { path: 'Idempotency-Key', message: 'header is required: a retried instruction must not pay twice' },
    ]);
  }
  const key = IdempotencyKeySchema.safeParse(header);
  if (!key.success) {
    return badRequest(BANK_ERRORS.invalidRequest, [
      { path: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  const body = await readJson(request);
  if (!body.ok) return body.answer;
  const parsed = TransferRequestSchema.safeParse(body.json);
  if (!parsed.success) return badRequest(BANK_ERRORS.invalidRequest, issuesFromZod(parsed.error));

  const outcome = await bank.instruct({ idempotencyKey: key.data, ...parsed.data });
  return answerFor(outcome);
}

/** The HTTP status of each outcome: new 201, replay 200, refusals 422 (final), outage 503 (retry). */
function answerFor(outcome: InstructionOutcome): Answer {
  switch (outcome.kind) {
    case 'accepted':
      return outcome.replayed
        ? { status: 200, body: viewOf(outcome.transfer), headers: { 'idempotent-replayed': 'true' } }
        : { status: 201, body: viewOf(outcome.transfer) };
    case 'unavailable':
      return { status: 503, body: errorBody(BANK_ERRORS.unavailable, outcome.message) };
    case 'account_closed':
      return { status: 422, body: errorBody(BANK_ERRORS.accountClosed, outcome.message) };
    case 'key_reused':
      return { status: 422, body: errorBody(BANK_ERRORS.idempotencyKeyReused, outcome.message) };
  }
}

function getTransfer(bank: BankSimulator, idempotencyKey: string): Answer {
  const transfer = bank.find(idempotencyKey);
  if (!transfer) {
    return {
      status: 404,
      body: errorBody(BANK_ERRORS.transferNotFound, `no transfer for ${idempotencyKey}`),
    };
  }
  return { status: 200, body: viewOf(transfer) };
}

function getLedger(bank: BankSimulator): Answer {
  const ledger: Ledger = { transfers: bank.ledger().map(viewOf) };
  return { status: 200, body: ledger };
}

async function setFaults(bank: BankSimulator, request: IncomingMessage): Promise<Answer> {
  const body = await readJson(request);
  if (!body.ok) return body.answer;
  const parsed = SetBankFaultsRequestSchema.safeParse(body.json);
  if (!parsed.success) return badRequest(BANK_ERRORS.invalidRequest, issuesFromZod(parsed.error));
  const { failNext, delayMs, refuseAccountsEndingIn } = parsed.data;
  if (failNext !== undefined) bank.failNextInstructions(failNext);
  if (delayMs !== undefined) bank.setDelay(delayMs);
  if (refuseAccountsEndingIn !== undefined) bank.refuseAccountsEndingIn(refuseAccountsEndingIn);
  return { status: 200, body: { faults: bank.faults() } };
}

/** A transfer as the API shows it: the account masked, the payee's name left out. */
function viewOf(transfer: BankTransfer): Transfer {
  return {
    idempotencyKey: transfer.idempotencyKey,
    bankReference: transfer.bankReference,
    amountFen: transfer.amountFen,
    maskedBankAccount: maskBankAccount(transfer.bankAccount),
    reference: transfer.reference,
    at: transfer.at,
  };
}

/** The reasons name the field and never repeat the value (it may be an account number). */
function badRequest(error: string, issues: InputIssue[]): Answer {
  const message = issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ');
  return { status: 400, body: { ...errorBody(error, message), issues } };
}

function errorBody(error: string, message: string): BankError {
  return { error, message };
}

function methodNotAllowed(): Answer {
  return { status: 405, body: { error: 'method_not_allowed' } };
}

type JsonBody = { ok: true; json: unknown } | { ok: false; answer: Answer };

async function readJson(request: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large: leaving the loop early would destroy the socket, and
  // with it the 413 that says why.
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) {
    return {
      ok: false,
      answer: { status: 413, body: errorBody('body_too_large', `over ${MAX_BODY_BYTES} bytes`) },
    };
  }
  try {
    return { ok: true, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return {
      ok: false,
      answer: badRequest(BANK_ERRORS.invalidRequest, [{ path: '', message: 'body must be JSON' }]),
    };
  }
}

/** A client that gave up while a delay fault held its answer gets nothing; the transfer still stands. */
function send(response: ServerResponse, answer: Answer): void {
  if (response.destroyed || response.headersSent) return;
  response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  response.end(JSON.stringify(answer.body));
}
