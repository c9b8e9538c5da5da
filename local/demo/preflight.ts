import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ADMIN_TOKEN_FILE } from '../data-secrets';
import { readRuntimeMarker } from '../runtime-marker';
import { openLocalSigningKey, signingKeyPath, type LocalSigningKey } from '../api/jwt-keys';
import { ApiClient } from './api-client';
import { HomeRegionAdmin } from './home-region';
import { requestJson } from './http';
import { WorldClient } from './world-client';

/** The system is not there, or not the one whose key the demo holds: exit code 2. */
export class DemoSetupError extends Error {
  override readonly name = 'DemoSetupError';
}

export interface Endpoints {
  apiUrl: string;
  hospitalsUrl: string;
  bankUrl: string;
  /** The simulated home region (its admin endpoints set people's records). */
  homeRegionUrl: string;
  dataDir: string;
}

export interface Connected {
  api: ApiClient;
  world: WorldClient;
  homeRegion: HomeRegionAdmin;
  /** `crossclaim start`'s process, as its runtime marker says (absent: a runtime from before it did). */
  runtimePid?: number;
}

/**
 * Finds the running system before anything is created: every endpoint answers, and the API
 * accepts tokens signed with the key under the data directory. The key is opened, never made:
 * a key made here would sign tokens the running API does not know.
 */
export async function connect(endpoints: Endpoints, tokenTtlSeconds: number): Promise<Connected> {
  // Any answer will do (openapi.json needs no token): only a silence means "not running".
  await requestJson('the crossclaim API', `${endpoints.apiUrl}/openapi.json`, { timeoutMs: 5000 });
  const adminTokenPath = join(resolve(endpoints.dataDir), 'world', ADMIN_TOKEN_FILE);
  const adminToken = await readFile(adminTokenPath, 'utf8').then(
    (text) => text.trim(),
    () => {
      throw new DemoSetupError(
        `no admin token of the simulated hospitals at ${adminTokenPath}: is \`npm start\` running with --data-dir ${endpoints.dataDir}?`,
      );
    },
  );
  const world = new WorldClient(endpoints.hospitalsUrl, endpoints.bankUrl, adminToken);
  await world.ping();
  await world.ledger();
  const homeRegion = new HomeRegionAdmin(endpoints.homeRegionUrl, adminToken);
  await homeRegion.ping();

  const keyPath = signingKeyPath(resolve(endpoints.dataDir));
  try {
    await access(keyPath);
  } catch {
    throw new DemoSetupError(
      `no signing key at ${keyPath}: is \`npm start\` running with --data-dir ${endpoints.dataDir}?`,
    );
  }
  // The demo mints its own tokens: a development convenience, like `crossclaim token`.
  const runtime = await readRuntimeMarker(resolve(endpoints.dataDir));
  if (runtime?.mode !== 'development') {
    throw new DemoSetupError(
      `the runtime on ${endpoints.dataDir} was not started for development: the demo mints tokens, which only a development runtime accepts`,
    );
  }
  let signingKey: LocalSigningKey;
  try {
    signingKey = await openLocalSigningKey(resolve(endpoints.dataDir), { issuer: runtime.issuer });
  } catch (error) {
    throw new DemoSetupError(`cannot read the signing key at ${keyPath}: ${(error as Error).message}`);
  }
  const api = new ApiClient(endpoints.apiUrl, signingKey, tokenTtlSeconds);
  if (!(await api.acceptsOurTokens())) {
    throw new DemoSetupError(
      `the API at ${endpoints.apiUrl} refuses tokens signed with ${keyPath}: ` +
        `is \`npm start\` running with --data-dir ${endpoints.dataDir}?`,
    );
  }
  return { api, world, homeRegion, ...(runtime.pid !== undefined && { runtimePid: runtime.pid }) };
}
