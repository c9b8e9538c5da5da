import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ClaimStore } from '../../../adapters/claim-store';
import { createDynamoDbClients } from '../../../adapters/dynamodb/clients';
import type { ClaimCase } from '../../../domain/claim';
import { QUEUE_STATUSES, TERMINAL_STATUSES } from '../../../domain/claim-status';
import { openLocalSigningKey } from '../../../local/api/jwt-keys';
import { BackupError, backupDataFolder, restoreDataFolder } from '../../../local/backup/folder-backup';
import { ADMIN_TOKEN_FILE } from '../../../local/data-secrets';
import { findFreePort } from '../../../local/dynamodb/free-port';
import { claimRequestForVisit } from '../../../local/hospitals/claim-request';
import { startSystem, type StartedSystem, type StartOptions } from '../../../local/start';
import type { VisitView } from '../../../local/world/world';

const CLI = fileURLToPath(new URL('../../../cli/crossclaim.mjs', import.meta.url));
const NOW = 8;
const LATER = 3;

const freePorts = async (): Promise<StartOptions['ports']> => ({
  api: await findFreePort(),
  sfn: await findFreePort(),
  bank: await findFreePort(),
  events: await findFreePort(),
  hospitals: await findFreePort(),
  homeRegion: await findFreePort(),
  dynamodb: await findFreePort(),
});

const start = async (dataDir: string) =>
  startSystem({
    dataDir,
    seed: 'backup-test',
    tableName: 'crossclaim',
    logLevel: 'SILENT',
    ports: await freePorts(),
    print: () => undefined,
  });

/** The operator's tools, as an operator runs them: the CLI in its own process. */
function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function adminPost(system: StartedSystem, dataDir: string, path: string, body: object) {
  const token = (await readFile(join(dataDir, 'world', ADMIN_TOKEN_FILE), 'utf8')).trim();
  const response = await fetch(`${system.urls.hospitals}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ visits: VisitView[] }>;
}

async function submit(system: StartedSystem, dataDir: string, visit: VisitView): Promise<string> {
  const key = await openLocalSigningKey(dataDir, { issuer: `${system.urls.api}/oidc` });
  const token = await key.mintToken({ role: 'citizen', sub: visit.patient.idNumberHash, ttlSeconds: 600 });
  const response = await fetch(`${system.urls.api}/claims`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      claimRequestForVisit(visit, {
        payout: { bankAccount: '6222000000000000042', accountName: visit.patient.name },
      }),
    ),
  });
  const body = (await response.json()) as { claimId?: string };
  if (response.status !== 202 || !body.claimId)
    throw new Error(`submit: ${response.status} ${JSON.stringify(body)}`);
  return body.claimId;
}

async function settled(system: StartedSystem, claimIds: string[], timeoutMs: number): Promise<ClaimCase[]> {
  const dynamo = createDynamoDbClients({ endpoint: system.urls.dynamodb, region: 'cn-north-1' });
  const claims = new ClaimStore(dynamo.docClient, 'crossclaim');
  const done = (c: ClaimCase) => TERMINAL_STATUSES.has(c.status) || QUEUE_STATUSES.has(c.status);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cases = await Promise.all(claimIds.map((id) => claims.get(id)));
      if (cases.every(done) || Date.now() > deadline) return cases;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    dynamo.client.destroy();
  }
}

describe('crossclaim backup while claims run, restore into a new folder', () => {
  let root: string;
  let running: StartedSystem | undefined;
  afterAll(async () => {
    await running?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(
    'loses no claim: the restored runtime finishes every one, its audit chains verify and it reconciles with the bank',
    { timeout: 240_000 },
    async () => {
      root = await mkdtemp(join(tmpdir(), 'crossclaim-backup-'));
      const original = join(root, 'original');
      const backup = join(root, 'backup');
      const restored = join(root, 'restored');

      running = await start(original);
      const first = running;
      const now = (await adminPost(first, original, '/admin/visits', { count: NOW, timing: 'now' })).visits;
      // Bills held back by the hospital: these claims are sure to be waiting when the backup is taken.
      const later = (
        await adminPost(first, original, '/admin/visits', {
          count: LATER,
          careType: 'outpatient',
          timing: 'later',
        })
      ).visits;
      const claimIds = await Promise.all([...now, ...later].map((visit) => submit(first, original, visit)));

      const taken = await backupDataFolder(original, backup);
      expect(taken.manifest.tables.crossclaim).toBeGreaterThan(0);
      await running.stop();
      running = undefined;

      // A backup is refused into a folder that is not empty, and a damaged one is not restored.
      await expect(backupDataFolder(original, backup)).rejects.toThrow(BackupError);
      const damaged = join(root, 'damaged');
      await runCli(['backup', '--data-dir', original, '--to', damaged]);
      await writeFile(join(damaged, 'audit-chain.key'), 'not the key\n');
      await expect(restoreDataFolder(damaged, join(root, 'from-damaged'))).rejects.toThrow(
        'audit-chain.key differs from the backup',
      );

      const restore = await runCli(['restore', '--from', backup, '--data-dir', restored]);
      expect(restore.output).toContain('restored the backup');
      expect(restore.code).toBe(0);
      expect((await lstat(restored)).mode & 0o777).toBe(0o700);
      for (const entry of await readdir(restored, { recursive: true, withFileTypes: true })) {
        if (entry.isFile())
          expect((await lstat(join(entry.parentPath, entry.name))).mode & 0o777).toBe(0o600);
      }

      running = await start(restored);
      const second = running;
      // The claims in flight when the backup was taken are resumed by the restored runtime.
      expect(second.redriven).toBeGreaterThan(0);
      await adminPost(second, restored, '/admin/issue-pending', {});
      const finals = await settled(second, claimIds, 90_000);
      for (const claim of finals) {
        expect(
          TERMINAL_STATUSES.has(claim.status) || QUEUE_STATUSES.has(claim.status),
          `${claim.claimId} ${claim.status}`,
        ).toBe(true);
      }
      expect(finals.filter((c) => c.status === 'PAID').length).toBeGreaterThan(claimIds.length / 2);

      const store = ['--table', 'crossclaim', '--dynamodb-endpoint', String(second.urls.dynamodb)];
      const audit = await runCli(['audit', 'verify', '--all', ...store, '--data-dir', restored]);
      expect(audit.output).not.toMatch(/broken/i);
      expect(audit.code, audit.output).toBe(0);
      const reconcile = await runCli(['reconcile', ...store, '--bank-url', String(second.urls.bank)]);
      expect(reconcile.code, reconcile.output).toBe(0);
    },
  );
});
