import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../local/dynamodb/free-port';
import { startSystem, type StartedSystem } from '../../local/start';
import { runCliAsync } from '../support/run-cli';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClients } from '../../adapters/dynamodb/clients';
import { scanForPersonalData } from '../../domain/personal-data-scan';

/** A count from a summary line such as "  PAID                  17". */
function statusCount(stdout: string, status: string): number {
  const match = new RegExp(`^\\s+${status}\\s+(\\d+)`, 'm').exec(stdout);
  return match ? Number(match[1]) : 0;
}

/** A count from a home-region summary line such as "  unfiled stays: 2 (…)". */
function homeCount(stdout: string, label: string): number {
  const match = new RegExp(`^\\s+${label}: (\\d+)`, 'm').exec(stdout);
  return match ? Number(match[1]) : -1;
}

describe('crossclaim demo', () => {
  it('says the system is not there, with exit code 2, when nothing answers', async () => {
    const port = await findFreePort();
    const run = await runCliAsync([
      'demo',
      '--claims',
      '1',
      '--api',
      `http://127.0.0.1:${port}`,
      '--no-progress',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is `npm start` running?');
  });

  it('refuses bad options with exit code 2', async () => {
    const faults = await runCliAsync(['demo', '--faults', '1.5']);
    expect(faults.status).toBe(2);
    expect(faults.stderr).toContain('--faults');
    const remote = await runCliAsync(['demo', '--api', 'http://example.com:4100']);
    expect(remote.status).toBe(2);
    expect(remote.stderr).toContain('must be on this machine');
  });
});

describe('crossclaim demo against a running system (npm start, in this test)', () => {
  let dataDir: string;
  let system: StartedSystem | undefined;
  /** Every line the system's processes wrote (DEBUG level: every log line there is). */
  const systemLines: string[] = [];
  let demoStdout = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-demo-'));
    system = await startSystem({
      dataDir,
      seed: 'demo-test',
      tableName: 'crossclaim',
      logLevel: 'DEBUG',
      ports: {
        api: await findFreePort(),
        sfn: await findFreePort(),
        bank: await findFreePort(),
        events: await findFreePort(),
        hospitals: await findFreePort(),
        homeRegion: await findFreePort(),
        dynamodb: await findFreePort(),
      },
      print: (line) => void systemLines.push(line),
    });
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
    if (process.env.KEEP_DEMO_DIR) process.stdout.write(`demo data kept in ${dataDir}\n`);
    else await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'drives 20 claims to the end, every check holding, and prints no personal data',
    { timeout: 90_000 },
    async () => {
      const urls = system!.urls;
      const run = await runCliAsync([
        'demo',
        '--claims',
        '20',
        '--api',
        urls.api!,
        '--hospitals',
        urls.hospitals!,
        '--bank',
        urls.bank!,
        '--home-region',
        urls.homeRegion!,
        '--data-dir',
        dataDir,
        '--timeout',
        '45',
        '--no-progress',
      ]);
      demoStdout = run.stdout;
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('20 of 20 accepted by POST /claims');
      expect(run.stdout).toContain('Result: every check holds.');
      // 1 settled directly and 1 of the pair submitted twice are rejected at least; the rest ends paid or queued.
      expect(statusCount(run.stdout, 'REJECTED')).toBeGreaterThanOrEqual(2);
      expect(statusCount(run.stdout, 'PAID')).toBeGreaterThanOrEqual(15);
      expect(statusCount(run.stdout, 'PAID') + statusCount(run.stdout, 'REJECTED')).toBeLessThanOrEqual(20);
      // The home region's record decided: the uninsured person rejected, the expired filing an
      // unfiled stay, the heavy user paid by serious-illness insurance above the basic cap's ¥5,000 left.
      expect(homeCount(run.stdout, 'claims REJECTED NOT_INSURED')).toBeGreaterThanOrEqual(1);
      expect(homeCount(run.stdout, 'unfiled stays')).toBeGreaterThanOrEqual(1);
      expect(homeCount(run.stdout, 'serious-illness payouts')).toBeGreaterThanOrEqual(1);
      expect(run.stdout).toMatch(/catalogue corrections: \d+ bill line\(s\) in \d+ claim\(s\)/);
      expect(run.stdout).toContain('✓ uninsured people rejected');
      expect(run.stdout).toContain('✓ filing from the home region');
      expect(run.stdout).toMatch(/Throughput: 20 claims in [\d.]+ s = [\d.]+ claims\/s/);
      // The store's load, counted in the crossclaim process: the workflow sent transactions and reads.
      expect(run.stdout).toMatch(/workflow +\d+\.\d +.*TransactWriteItems \d+\.\d/);
      expect(run.stdout).toMatch(/demo reads +\d+\.\d +.*Query \d+\.\d/);
      expect(run.stdout).toMatch(/store load: \d+% of DynamoDB Local's measured ceiling/);
      // No ID number (18 characters) and no bank account (19 digits) in what it printed.
      expect(run.stdout).not.toMatch(/\d{17}[\dX]/);
    },
  );

  it('leaves no personal data in any log line or stored notification: 0 full IDs, 0 accounts, 0 names next to IDs', async () => {
    expect(demoStdout, 'the demo ran first').not.toBe('');
    const items = await tableItems(system!.urls.dynamodb!, 'crossclaim');
    const cases = items.filter((i) => i.SK === 'CASE');
    const notifications = items.filter((i) => String(i.SK).startsWith('NOTIFY#'));
    const names = cases.map((c) => String((c.insured as { name?: unknown } | undefined)?.name ?? ''));
    // The run produced what the scan is about: cases with names, notifications, many log lines.
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(names.filter((n) => n.length > 0).length).toBeGreaterThanOrEqual(20);
    expect(notifications.length).toBeGreaterThanOrEqual(20);
    // Powertools' JSON lines of the handlers (a hundred and more for 20 claims at DEBUG).
    expect(systemLines.filter((line) => line.includes('"level":')).length).toBeGreaterThan(100);
    writeFileSync(join(dataDir, 'scanned-lines.txt'), systemLines.join('\n'));
    // Every notification reached the simulated message gateway's inbox, once (the outbox).
    const inboxLines = async () =>
      (await readFile(join(dataDir, 'message-inbox', 'inbox.jsonl'), 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean);
    await expect
      .poll(async () => (await inboxLines()).length, { timeout: 15_000 })
      .toBe(notifications.length);
    const scanned = [
      ...systemLines,
      ...demoStdout.split('\n'),
      ...notifications.map((n) => JSON.stringify(n)),
      ...(await inboxLines()),
    ];
    expect(scanForPersonalData(scanned, names)).toEqual({
      idNumbers: [],
      bankAccounts: [],
      namesNextToIds: [],
    });
  });
});

/** Every item of the system's table (DynamoDB Local, the demo's data). */
async function tableItems(endpoint: string, tableName: string): Promise<Record<string, unknown>[]> {
  const { docClient } = createDynamoDbClients({ endpoint, region: 'cn-north-1' });
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await docClient.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
