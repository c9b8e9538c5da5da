import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../local/dynamodb/free-port';
import { startSystem, type StartedSystem } from '../../local/start';
import { nonLoopbackAddress, tryConnect } from '../support/network';
import { rawRequest } from '../support/raw-http';

// `npm start` as a county bureau would leave it running on an office machine: the whole tree,
// on a fresh data folder, probed from the network side and on disk.
describe('npm start on a network', () => {
  let root: string;
  let system: StartedSystem;
  let ports: Record<'api' | 'sfn' | 'bank' | 'events' | 'hospitals' | 'homeRegion' | 'dynamodb', number>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crossclaim-secure-'));
    ports = {
      api: await findFreePort(),
      sfn: await findFreePort(),
      bank: await findFreePort(),
      events: await findFreePort(),
      hospitals: await findFreePort(),
      homeRegion: await findFreePort(),
      dynamodb: await findFreePort(),
    };
    system = await startSystem({
      dataDir: join(root, 'data'),
      seed: 'secure-test',
      tableName: 'crossclaim',
      logLevel: 'SILENT',
      ports,
      print: () => undefined,
    });
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('every port answers on 127.0.0.1 and refuses a connection to a non-loopback address of this machine', async (context) => {
    for (const port of Object.values(ports)) expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    const address = nonLoopbackAddress();
    if (address === undefined) {
      context.skip('this machine has no non-loopback IPv4 address: nothing proven here');
      return;
    }
    for (const [name, port] of Object.entries(ports)) {
      expect(`${name}: ${await tryConnect(address, port, address)}`).toBe(`${name}: ECONNREFUSED`);
    }
  });

  it('the API and every simulator answer a rebound name (Host: evil.example) with 421', async () => {
    for (const url of [
      system.urls.api,
      system.urls.hospitals,
      system.urls.bank,
      system.urls.homeRegion,
      system.urls.stepFunctions,
      system.urls.eventBridge,
    ]) {
      const answer = await rawRequest(`${url}/claims`, {
        method: 'POST',
        headers: { host: 'evil.example', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(`${url} ${answer.status}`).toBe(`${url} 421`);
    }
  });

  it('keeps the data folder 0700, every folder in it 0700 and every file 0600', async () => {
    const dataDir = join(root, 'data');
    expect((await lstat(dataDir)).mode & 0o777).toBe(0o700);
    const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(5);
    for (const entry of entries) {
      const path = join(entry.parentPath, entry.name);
      const mode = (await lstat(path)).mode & 0o777;
      expect(`${path} ${mode.toString(8)}`).toBe(`${path} ${entry.isDirectory() ? '700' : '600'}`);
    }
  });

  it('made its own random keys and secrets for this data folder', async () => {
    const dataDir = join(root, 'data');
    const jwt = JSON.parse(await readFile(join(dataDir, 'jwt', 'signing-key.json'), 'utf8')) as {
      kid: string;
    };
    const seed = await readFile(join(dataDir, 'world', 'hospital-key-seed'), 'utf8');
    const admin = await readFile(join(dataDir, 'world', 'admin-token'), 'utf8');
    expect(jwt.kid).toMatch(/^[\w-]{43}$/);
    expect(seed.trim()).toMatch(/^[\w-]{43}$/);
    expect(admin.trim()).not.toBe(seed.trim());
  });
});
