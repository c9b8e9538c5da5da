import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { hashIdNumber } from '../../../domain/identity';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../../local/api/api-server';
import type { Caller } from '../../../functions/shared/auth';
import { openLocalSigningKey, type LocalSigningKey } from '../../../local/api/jwt-keys';
import type { ClaimStatus } from '../../../domain/claim-status';
import type { LocalRuntime } from '../../../local/runtime';
import { claimRequestFor, waitForStatus } from '../../workflows/support';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiClient {
  readonly url: string;
  readonly key: LocalSigningKey;
  readonly dataDir: string;
  /** A real HTTP request to the local API; the body is sent as JSON unless it is a string. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  mint(request: Caller & { ttlSeconds?: number }): Promise<string>;
  /** A citizen's token: the subject is the hash of the ID number. */
  citizenToken(idNumber: string): Promise<string>;
}

/**
 * The local HTTP API for a test file, started after the file's claim workflow (if any) with a
 * signing key in a fresh temporary data directory, and stopped after the file.
 */
export function useApiServer(options: Omit<ApiServerOptions, 'signingKey'> = {}): ApiClient {
  let server: ApiServer | undefined;
  let key: LocalSigningKey | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-api-'));
    key = await openLocalSigningKey(dataDir);
    server = await startApiServer({ ...options, signingKey: key });
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const started = () => {
    if (!server || !key || !dataDir) throw new Error('the API server is not started (used outside a test?)');
    return { server, key, dataDir };
  };
  const client: ApiClient = {
    get url() {
      return started().server.url;
    },
    get key() {
      return started().key;
    },
    get dataDir() {
      return started().dataDir;
    },
    async call<T>(
      method: string,
      path: string,
      request: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
    ) {
      const headers: Record<string, string> = { ...request.headers };
      if (request.token) headers.authorization = `Bearer ${request.token}`;
      if (request.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${started().server.url}${path}`, {
        method,
        headers,
        body:
          request.body === undefined
            ? undefined
            : typeof request.body === 'string'
              ? request.body
              : JSON.stringify(request.body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text ? JSON.parse(text) : {}) as T,
      };
    },
    mint: (request) => started().key.mintToken({ ttlSeconds: 600, ...request }),
    citizenToken: (idNumber) => client.mint({ role: 'citizen', sub: hashIdNumber(idNumber) }),
  };
  return client;
}

/** Polls GET /claims/{id} until the case is in one of `statuses`. */
export async function followClaim<T extends { status: string }>(
  api: ApiClient,
  token: string,
  claimId: string,
  statuses: readonly string[],
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: ApiResponse<T> | undefined;
  while (Date.now() < deadline) {
    last = await api.call<T>('GET', `/claims/${claimId}`, { token });
    if (last.status === 200 && statuses.includes(last.body.status)) return last.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`claim ${claimId} did not reach ${statuses.join('|')}: ${JSON.stringify(last?.body)}`);
}

/**
 * A claim filed through the API by the citizen of a new simulated inpatient stay, and their
 * token. With `until`, it waits for the case to reach one of those statuses.
 */
export async function fileClaim(
  rt: LocalRuntime,
  api: ApiClient,
  until?: readonly ClaimStatus[],
): Promise<{ claimId: string; citizen: string }> {
  const visit = rt.hospitals.generator.inpatient();
  rt.hospitals.simulator.addVisit(visit);
  const citizen = await api.citizenToken(visit.patient.idNumber);
  const filed = await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(visit) });
  const claimId = String(filed.body.claimId);
  if (until) await waitForStatus(rt, claimId, until);
  return { claimId, citizen };
}
