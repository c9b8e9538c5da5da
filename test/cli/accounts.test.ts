import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityKeyPath, loadIdentityKeyFile } from '../../adapters/identity-key';
import { hashIdNumber } from '../../domain/identity';
import { openLocalAccounts } from '../../local/oidc/accounts';
import { POLICIES_DIR } from '../../local/oidc/local-sign-in';
import { runCliAsync } from '../support/run-cli';

const ID_NUMBER = '330402199001010019'; // generated, not a person's

describe('crossclaim accounts add: registering the people who sign in to a production runtime', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-accounts-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const add = (args: string[], password?: string) =>
    runCliAsync(['accounts', 'add', '--data-dir', dataDir, ...args], {
      env: { CROSSCLAIM_ACCOUNT_PASSWORD: password },
    });
  const accounts = () => openLocalAccounts(dataDir, { testAccounts: false, policiesDir: POLICIES_DIR });

  it('adds a clerk of a region with the given password, kept only as a hash in a 0600 file', async () => {
    const run = await add(
      ['--username', 'clerk.wang', '--name', '王测试', '--role', 'clerk', '--region', '330400'],
      'a-long-test-password',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('a-long-test-password');
    const signedIn = await (await accounts()).signIn('clerk.wang', 'a-long-test-password');
    expect(signedIn).toMatchObject({ role: 'clerk', region: '330400', name: '王测试' });
    expect(await (await accounts()).signIn('clerk.wang', 'another-password!')).toBeUndefined();
    expect((await stat(join(dataDir, 'oidc', 'accounts.json'))).mode & 0o777).toBe(0o600);
  });

  it('a citizen is known by the keyed hash of their ID number; a generated password is printed once', async () => {
    const run = await add([
      '--username',
      'citizen.li',
      '--name',
      '李样例',
      '--role',
      'citizen',
      '--id-number',
      ID_NUMBER,
    ]);
    expect(run.status).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toBeDefined();
    await loadIdentityKeyFile(identityKeyPath(dataDir));
    const citizen = await (await accounts()).signIn('citizen.li', password ?? '');
    expect(citizen).toMatchObject({ role: 'citizen', idNumberHash: hashIdNumber(ID_NUMBER) });
    expect(JSON.stringify(citizen)).not.toContain(ID_NUMBER);
  });

  it('refuses what it cannot register, naming the option, and changes nothing', async () => {
    const before = await (await accounts()).signIn('clerk.wang', 'a-long-test-password');
    const cases: [string[], string | undefined, string][] = [
      [['--username', 'clerk.zhao', '--name', '赵', '--role', 'clerk'], 'a-long-test-password', '--region'],
      [['--username', 'citizen.qian', '--name', '钱', '--role', 'citizen'], undefined, '--id-number'],
      [['--username', 'clerk.wang', '--name', '王', '--role', 'admin'], 'a-long-test-password', 'exists'],
      [
        ['--username', 'admin.sun', '--name', '孙', '--role', 'admin'],
        'short',
        'CROSSCLAIM_ACCOUNT_PASSWORD',
      ],
      [['--username', 'Bad Name', '--name', '周', '--role', 'admin'], 'a-long-test-password', '--username'],
    ];
    for (const [args, password, named] of cases) {
      const run = await add(args, password);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(named);
    }
    const store = await accounts();
    expect(await store.signIn('clerk.wang', 'a-long-test-password')).toEqual(before);
    for (const username of ['clerk.zhao', 'citizen.qian', 'admin.sun'])
      expect(await store.signIn(username, 'a-long-test-password')).toBeUndefined();
  });
});
