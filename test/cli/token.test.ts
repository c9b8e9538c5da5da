import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashIdNumber } from '../../domain/identity';
import { identityKeyPath, loadIdentityKeyFile } from '../../adapters/identity-key';
import { requireCaller } from '../../functions/shared/auth';
import { startApiServer, type ApiServer } from '../../local/api/api-server';
import { LOCAL_TOKEN_ISSUER, openLocalSigningKey } from '../../local/api/jwt-keys';
import { writeRuntimeMarker } from '../../local/runtime-marker';
import { runCli } from '../support/run-cli';

const ID_NUMBER = '330402199001010019';

describe('crossclaim token', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-token-'));
    // As `npm start` leaves it: a runtime started for development on this folder.
    await writeRuntimeMarker(dataDir, { mode: 'development', issuer: LOCAL_TOKEN_ISSUER });
  });

  it('refuses when the folder’s runtime was started for production, or never started', async () => {
    const production = await mkdtemp(join(tmpdir(), 'crossclaim-token-prod-'));
    const never = await mkdtemp(join(tmpdir(), 'crossclaim-token-none-'));
    try {
      await writeRuntimeMarker(production, { mode: 'production', issuer: LOCAL_TOKEN_ISSUER });
      for (const dir of [production, never]) {
        const run = runCli(['token', '--role', 'admin', '--sub', 'admin-1', '--data-dir', dir]);
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain('refused');
      }
    } finally {
      await rm(production, { recursive: true, force: true });
      await rm(never, { recursive: true, force: true });
    }
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('mints a citizen token whose subject is the hash of the ID number, and the API accepts it', async () => {
    const run = runCli(['token', '--role', 'citizen', '--id-number', ID_NUMBER, '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const token = run.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    expect(run.stdout).not.toContain(ID_NUMBER);

    // The server started on the same data directory uses the key the command made.
    let server: ApiServer | undefined;
    try {
      server = await startApiServer({
        signingKey: await openLocalSigningKey(dataDir),
        // The handler behind GET /claims sees the caller the token names.
        handlerOf: () =>
          Promise.resolve(async (event) => ({
            statusCode: 200,
            body: JSON.stringify(requireCaller(event as Parameters<typeof requireCaller>[0], ['citizen'])),
          })),
      });
      const response = await fetch(`${server.url}/claims`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      // The subject is the keyed hash under the data directory's identity key, which the command made.
      await loadIdentityKeyFile(identityKeyPath(dataDir));
      expect(await response.json()).toEqual({ role: 'citizen', sub: hashIdNumber(ID_NUMBER) });
    } finally {
      await server?.close();
    }
  });

  it('mints clerk and hospital tokens carrying their region and hospital', async () => {
    const key = await openLocalSigningKey(dataDir);
    const clerk = runCli([
      'token',
      '--role',
      'clerk',
      '--sub',
      'clerk-1',
      '--region',
      '330400',
      '--data-dir',
      dataDir,
    ]);
    expect(await key.verifyToken(clerk.stdout.trim())).toMatchObject({
      sub: 'clerk-1',
      'cognito:groups': ['clerk'],
      'custom:region': '330400',
    });
    await mkdir(join(dataDir, '.data'));
    await writeRuntimeMarker(join(dataDir, '.data'), { mode: 'development', issuer: LOCAL_TOKEN_ISSUER });
    const hospital = runCli(
      ['token', '--role', 'hospital', '--sub', 'gw-1', '--hospital', 'H31010400002', '--ttl', '120'],
      { cwd: dataDir },
    );
    expect(hospital.status).toBe(0);
    // Without --data-dir the key is ./.data/jwt/ of where the command runs.
    const local = await openLocalSigningKey(join(dataDir, '.data'));
    const claims = await local.verifyToken(hospital.stdout.trim());
    expect(claims).toMatchObject({ 'custom:hospital': 'H31010400002' });
    expect(claims.exp! - claims.iat!).toBe(120);
  });

  it.each([
    [['--role', 'clerk', '--sub', 'clerk-1'], '--region'],
    [['--role', 'hospital', '--sub', 'gw-1'], '--hospital'],
    [['--role', 'citizen'], '--id-number'],
    [['--role', 'citizen', '--id-number', '330402199001010011'], '--id-number'],
    [['--role', 'clerk', '--sub', 'clerk-1', '--region', '3304'], '--region'],
    [['--sub', 'x'], '--role'],
  ])('refuses %j with exit code 2 and says what is missing (%s)', (args, named) => {
    const run = runCli(['token', ...args, '--data-dir', dataDir]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(named);
  });
});
