import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { ClaimStore } from '../../adapters/claim-store';
import { identityKeyPath, loadIdentityKeyFile } from '../../adapters/identity-key';
import { createDynamoDbClients, type DynamoDbClients } from '../../adapters/dynamodb/clients';
import { openLocalSigningKey, type LocalSigningKey } from '../../local/api/jwt-keys';
import { EVENT_BUS_NAME } from '../../local/crossclaim-services';
import { findFreePort } from '../../local/dynamodb/free-port';
import { claimRequestForVisit } from '../../local/hospitals/claim-request';
import { startChild, type RunningChild } from '../../local/processes/child-process';
import {
  CROSSCLAIM_CONFIG_ENV,
  CROSSCLAIM_ENTRY,
  CROSSCLAIM_READY,
  type CrossclaimProcessConfig,
} from '../../local/processes/process-configs';
import { startWorld, type VisitView, type World } from '../../local/world/world';

export interface CrossclaimChild {
  readonly dataDir: string;
  readonly world: World;
  readonly claims: ClaimStore;
  readonly tableName: string;
  readonly dynamo: DynamoDbClients;
  /** Starts the crossclaim process (again): the real entry point, as the supervisor would. */
  start(): Promise<RunningChild>;
  /** Files a claim for a visit through the process's API, as its patient. */
  submit(apiUrl: string, visit: VisitView): Promise<string>;
}

/**
 * A test file's crossclaim process run as its own child (to be SIGKILLed), with a simulated
 * world beside it and a fresh table, all in a temporary data folder removed afterwards. The
 * world hashes its patients with the identity key the crossclaim process will load, as
 * world-main does; the process requires its OpenID provider's issuer of every token.
 */
export function useCrossclaimChild(seed: string): CrossclaimChild {
  const tableName = `crossclaim-${seed}-${randomBytes(4).toString('hex')}`;
  const dynamo = createDynamoDbClients({ endpoint: inject('dynamoEndpoint'), region: 'cn-north-1' });
  const claims = new ClaimStore(dynamo.docClient, tableName);
  let dataDir: string | undefined;
  let world: World | undefined;
  let signingKey: LocalSigningKey | undefined;
  let config: CrossclaimProcessConfig | undefined;
  const running: RunningChild[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `crossclaim-${seed}-`));
    const ports = { api: await findFreePort(), sfn: await findFreePort(), events: await findFreePort() };
    await loadIdentityKeyFile(identityKeyPath(dataDir));
    world = await startWorld({
      dataDir: join(dataDir, 'world'),
      seed,
      eventsUrl: `http://127.0.0.1:${ports.events}`,
      eventBusName: EVENT_BUS_NAME,
      region: 'cn-north-1',
    });
    signingKey = await openLocalSigningKey(dataDir, { issuer: `http://127.0.0.1:${ports.api}/oidc` });
    config = {
      dataDir,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName,
      seed,
      hospitalsUrl: world.hospitalsUrl,
      bankUrl: world.bankUrl,
      homeRegionUrl: world.homeRegionUrl,
      ports,
      // Retries and waits a hundred times faster; the process is real in every other way.
      timeScale: 0.01,
      logLevel: 'ERROR',
    };
  });
  afterAll(async () => {
    await Promise.all(running.map((child) => child.stop()));
    await world?.close();
    dynamo.client.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const started = () => {
    if (!dataDir || !world || !signingKey || !config) throw new Error('not started (used outside a test?)');
    return { dataDir, world, signingKey, config };
  };
  return {
    get dataDir() {
      return started().dataDir;
    },
    get world() {
      return started().world;
    },
    claims,
    tableName,
    dynamo,
    async start() {
      const child = await startChild({
        entry: CROSSCLAIM_ENTRY,
        label: 'crossclaim',
        readyTag: CROSSCLAIM_READY,
        env: { [CROSSCLAIM_CONFIG_ENV]: JSON.stringify(started().config) },
        output: () => undefined,
      });
      running.push(child);
      return child;
    },
    async submit(apiUrl, visit) {
      const token = await started().signingKey.mintToken({
        role: 'citizen',
        sub: visit.patient.idNumberHash,
        ttlSeconds: 600,
      });
      const response = await fetch(`${apiUrl}/claims`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          claimRequestForVisit(visit, {
            payout: { bankAccount: '6222000000000000042', accountName: visit.patient.name },
          }),
        ),
      });
      const body = (await response.json()) as { claimId?: string };
      if (response.status !== 202 || !body.claimId) throw new Error(`submit failed: ${response.status}`);
      return body.claimId;
    },
  };
}
