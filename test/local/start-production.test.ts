import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityKeyPath, loadIdentityKeyFile } from '../../adapters/identity-key';
import { ClaimStore } from '../../adapters/claim-store';
import { createDynamoDbClients } from '../../adapters/dynamodb/clients';
import { openLocalSigningKey } from '../../local/api/jwt-keys';
import { EVENT_BUS_NAME } from '../../local/crossclaim-services';
import { findFreePort } from '../../local/dynamodb/free-port';
import { claimRequestForVisit } from '../../local/hospitals/claim-request';
import { ProductionConfigError, PRODUCTION_CONFIG_FILE } from '../../local/production-config';
import { readRuntimeMarker } from '../../local/runtime-marker';
import { startSystem, type StartedSystem, type StartOptions } from '../../local/start';
import { startWorld, type VisitView, type World } from '../../local/world/world';
import { tryConnect } from '../support/network';
import { listeningPorts } from '../support/listening-ports';
import { rawRequest } from '../support/raw-http';

const freePorts = async (): Promise<StartOptions['ports']> => ({
  api: await findFreePort(),
  sfn: await findFreePort(),
  bank: await findFreePort(),
  events: await findFreePort(),
  hospitals: await findFreePort(),
  homeRegion: await findFreePort(),
  dynamodb: await findFreePort(),
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('crossclaim start --production: settings', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crossclaim-prod-config-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const attempt = (dataDir: string, production: StartOptions['production']) =>
    freePorts().then((ports) =>
      startSystem({
        dataDir,
        seed: 's',
        tableName: 'crossclaim',
        logLevel: 'SILENT',
        ports,
        mode: 'production',
        production,
        print: () => undefined,
      }),
    );

  it('refuses to start without the home region URL, naming the setting and where to set it; nothing is made', async () => {
    const dataDir = join(root, 'missing');
    const start = attempt(dataDir, {
      hospitalApiUrl: 'https://hospitals.example.cn/',
      bankApiUrl: 'https://bank.example.cn/',
    });
    await expect(start).rejects.toThrow(ProductionConfigError);
    await expect(start).rejects.toThrow(/missing setting homeRegionApiUrl/);
    await expect(start).rejects.toThrow(/--home-region-api-url <value>, or HOME_REGION_API_URL/);
    await expect(start).rejects.toThrow(join(dataDir, PRODUCTION_CONFIG_FILE));
    expect(await exists(dataDir)).toBe(false);
  });

  it('refuses every missing URL at once, and an invalid one in production.json by name', async () => {
    const dataDir = join(root, 'invalid');
    await mkdir(dataDir, { mode: 0o700 });
    await writeFile(join(dataDir, PRODUCTION_CONFIG_FILE), JSON.stringify({ bankApiUrl: 'not a url' }));
    const start = attempt(dataDir, {});
    await expect(start).rejects.toThrow(/missing setting hospitalApiUrl/);
    await expect(start).rejects.toThrow(/invalid setting bankApiUrl/);
    await expect(start).rejects.toThrow(/missing setting homeRegionApiUrl/);
    expect(await readdir(dataDir)).toEqual([PRODUCTION_CONFIG_FILE]);
  });

  it('the command: options and their environment variables count, a missing URL exits 2 naming it', async () => {
    const cli = fileURLToPath(new URL('../../cli/crossclaim.mjs', import.meta.url));
    const dataDir = join(root, 'cli');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [cli, 'start', '--production', '--data-dir', dataDir, '--bank-api-url', 'ftp://bank.example.cn/'],
        {
          env: { ...process.env, HOSPITAL_API_URL: 'https://hospitals.example.cn/', HOME_REGION_API_URL: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('close', (exit) => resolve({ code: exit, output: text }));
    });
    expect(code).toBe(2);
    expect(output).toContain('invalid setting bankApiUrl');
    expect(output).toContain('missing setting homeRegionApiUrl');
    expect(output).not.toContain('hospitalApiUrl');
    expect(await exists(dataDir)).toBe(false);
  });
});

// The bureau's outside systems stand here as a world the test runs itself (the hospitals'
// gateway, the bank, the home region), not one `crossclaim start` starts: production mode is
// given their URLs and the hospitals' public keys, nothing else.
describe('crossclaim start --production: only crossclaim and its store', () => {
  let root: string;
  let dataDir: string;
  let ports: StartOptions['ports'];
  let world: World;
  let system: StartedSystem;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crossclaim-prod-'));
    dataDir = join(root, 'data');
    ports = await freePorts();
    // The hospitals hash ID numbers with the bureau's identity key (as they would with a real one's).
    await mkdir(dataDir, { mode: 0o700 });
    await loadIdentityKeyFile(identityKeyPath(dataDir));
    world = await startWorld({
      dataDir: join(root, 'outside-world'),
      seed: 'prod-test',
      eventsUrl: `http://127.0.0.1:${ports.events}`,
      eventBusName: EVENT_BUS_NAME,
      region: 'cn-north-1',
    });
    await writeFile(
      join(dataDir, PRODUCTION_CONFIG_FILE),
      JSON.stringify({
        hospitalApiUrl: world.hospitalsUrl,
        homeRegionApiUrl: world.homeRegionUrl,
        hospitals: world.catalog.hospitals.map((h) => ({
          code: h.code,
          name: h.name,
          level: h.level,
          provinceCode: h.provinceCode,
          keys: [{ keyId: h.keyId, publicKeyPem: h.publicKeyPem }],
        })),
      }),
      { mode: 0o600 },
    );
    system = await startSystem({
      dataDir,
      seed: 'prod-test',
      tableName: 'crossclaim',
      logLevel: 'SILENT',
      ports,
      mode: 'production',
      // The command line's setting joins the file's (`--bank-api-url` / BANK_API_URL).
      production: { bankApiUrl: world.bankUrl },
      print: () => undefined,
    });
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await world?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('runs two processes, the store and crossclaim, and uses the configured URLs', () => {
    expect(Object.keys(system.processes.pids()).sort()).toEqual(['crossclaim', 'dynamodb']);
    expect(system.urls.hospitals).toBe(world.hospitalsUrl);
    expect(system.urls.bank).toBe(world.bankUrl);
    expect(system.urls.homeRegion).toBe(world.homeRegionUrl);
  });

  it('opens no simulator port: crossclaim listens on the API, the state machine runner and the bus only', async () => {
    const crossclaim = system.processes.pids().crossclaim;
    expect(crossclaim).toBeDefined();
    expect(await listeningPorts(crossclaim!)).toEqual(
      [ports.api, ports.sfn, ports.events].sort((a, b) => a - b),
    );
    for (const name of ['api', 'sfn', 'events', 'dynamodb'] as const) {
      expect(`${name}: ${await tryConnect('127.0.0.1', ports[name])}`).toBe(`${name}: connected`);
    }
  });

  it('answers no /admin endpoint and none of the simulated hospitals under /local/ on any port', async () => {
    const paths = ['/admin/faults', '/admin/visits', '/admin/insured', '/admin/reset', '/admin/stays'];
    for (const port of [ports.api, ports.sfn, ports.events]) {
      for (const path of paths) {
        const answer = await rawRequest(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"down":true,"count":1}',
        });
        expect(`${port}${path} ${answer.status}`).toMatch(/ (400|404|405)$/);
      }
    }
    for (const path of ['/local/hospitals', '/local/stays']) {
      expect((await rawRequest(`${system.urls.api}${path}`, {})).status).toBe(404);
    }
  });

  it('makes no test accounts and marks the folder as production (crossclaim token refuses it)', async () => {
    expect(await exists(join(dataDir, 'oidc', 'test-accounts.json'))).toBe(false);
    expect((await readRuntimeMarker(dataDir))?.mode).toBe('production');
    expect(await exists(join(dataDir, 'world'))).toBe(false);
  });

  it(
    'pays a claim through the configured hospitals gateway, bank and home region',
    { timeout: 60_000 },
    async () => {
      const response = await fetch(`${world.hospitalsUrl}/admin/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${world.adminToken}` },
        body: JSON.stringify({ count: 1, careType: 'outpatient', timing: 'now' }),
      });
      const [visit] = ((await response.json()) as { visits: VisitView[] }).visits;
      if (!visit) throw new Error('the outside world made no visit');
      // A signed-in citizen's token, as the OpenID provider would issue it (same key, same issuer).
      const key = await openLocalSigningKey(dataDir, { issuer: `${system.urls.api}/oidc` });
      const token = await key.mintToken({
        role: 'citizen',
        sub: visit.patient.idNumberHash,
        ttlSeconds: 600,
      });
      const submitted = await fetch(`${system.urls.api}/claims`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          claimRequestForVisit(visit, {
            payout: { bankAccount: '6222000000000000042', accountName: visit.patient.name },
          }),
        ),
      });
      expect(submitted.status).toBe(202);
      const { claimId } = (await submitted.json()) as { claimId: string };
      const dynamo = createDynamoDbClients({ endpoint: system.urls.dynamodb, region: 'cn-north-1' });
      try {
        const claims = new ClaimStore(dynamo.docClient, 'crossclaim');
        const deadline = Date.now() + 45_000;
        let status = '';
        while (Date.now() < deadline) {
          status = (await claims.get(claimId)).status;
          if (['PAID', 'REJECTED', 'IN_REVIEW', 'FAILED'].includes(status)) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(status).toBe('PAID');
        const payout = await claims.payout(claimId);
        expect(
          world.bank
            .ledger()
            .filter((t) => t.idempotencyKey === claimId)
            .map((t) => t.amountFen),
        ).toEqual([payout?.amountFen]);
      } finally {
        dynamo.client.destroy();
      }
    },
  );
});
