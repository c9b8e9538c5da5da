import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { RegionCodeSchema } from '../../domain/claim';
import { hashIdNumber } from '../../domain/identity';
import { seededRandom } from '../../domain/seeded-random';
import { IdNumberHashSchema, TOKEN_CLAIMS } from '../../functions/shared/auth';
import { generateFakePatient } from '../hospitals/fake-patients';

/**
 * The local OpenID provider's accounts: citizens, clerks and supervisors of a region, admins;
 * what Cognito's user pool holds on AWS. Kept in `<data dir>/oidc/accounts.json` (0600) with
 * scrypt password hashes. A runtime started for development makes test accounts on first start
 * (one citizen, a clerk, a second clerk and a supervisor per region of policies/, an admin),
 * each with its own random password, listed in `<data dir>/oidc/test-accounts.json` (0600) for
 * the person trying it out and the browser tests. A production runtime makes none.
 */

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

const AccountSchema = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('citizen'),
    username: z.string().min(1),
    name: z.string().min(1),
    idNumberHash: IdNumberHashSchema,
    passwordHash: z.string(),
  }),
  z.strictObject({
    /** An agent works a service window of `region`, and files for citizens of any region. */
    role: z.enum(['clerk', 'supervisor', 'agent']),
    username: z.string().min(1),
    name: z.string().min(1),
    region: RegionCodeSchema,
    passwordHash: z.string(),
  }),
  z.strictObject({
    role: z.literal('admin'),
    username: z.string().min(1),
    name: z.string().min(1),
    passwordHash: z.string(),
  }),
]);
export type LocalAccount = z.infer<typeof AccountSchema>;
const AccountsFileSchema = z.strictObject({ version: z.literal(1), accounts: z.array(AccountSchema) });

/** A test account as listed for people: its password in clear, a citizen's fake ID number. */
export interface TestAccount {
  username: string;
  password: string;
  role: LocalAccount['role'];
  name: string;
  region?: string;
  idNumber?: string;
}

export const accountsPath = (dataDir: string) => join(dataDir, 'oidc', 'accounts.json');
export const testAccountsPath = (dataDir: string) => join(dataDir, 'oidc', 'test-accounts.json');

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt:${salt.toString('base64url')}:${(await scrypt(password, salt, 32)).toString('base64url')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** The regions crossclaim has a policy for: each gets its clerks and supervisor. */
async function policyRegions(policiesDir: string): Promise<string[]> {
  const regions = new Set<string>();
  for (const file of (await readdir(policiesDir)).filter((f) => f.endsWith('.json')).sort()) {
    const policy = JSON.parse(await readFile(join(policiesDir, file), 'utf8')) as {
      region?: { code?: string };
    };
    if (policy.region?.code) regions.add(policy.region.code);
  }
  return [...regions];
}

async function makeTestAccounts(policiesDir: string): Promise<TestAccount[]> {
  const password = () => randomBytes(12).toString('base64url');
  // A fresh fake person per data folder: generated, never a real ID number.
  const patient = generateFakePatient(seededRandom(randomBytes(8).toString('hex')), 1);
  const accounts: TestAccount[] = [
    {
      username: 'citizen-1',
      password: password(),
      role: 'citizen',
      name: patient.name,
      idNumber: patient.idNumber,
    },
  ];
  for (const region of await policyRegions(policiesDir)) {
    accounts.push(
      {
        username: `clerk-${region}`,
        password: password(),
        role: 'clerk',
        name: `测试经办 ${region}`,
        region,
      },
      {
        username: `clerk2-${region}`,
        password: password(),
        role: 'clerk',
        name: `测试复核 ${region}`,
        region,
      },
      {
        username: `supervisor-${region}`,
        password: password(),
        role: 'supervisor',
        name: `测试主管 ${region}`,
        region,
      },
      {
        username: `agent-${region}`,
        password: password(),
        role: 'agent',
        name: `测试帮办窗口 ${region}`,
        region,
      },
    );
  }
  accounts.push({ username: 'admin', password: password(), role: 'admin', name: '测试管理员' });
  return accounts;
}

async function stored(account: TestAccount): Promise<LocalAccount> {
  const passwordHash = await hashPassword(account.password);
  const { username, name } = account;
  switch (account.role) {
    case 'citizen': {
      return {
        role: 'citizen',
        username,
        name,
        idNumberHash: hashIdNumber(account.idNumber ?? ''),
        passwordHash,
      };
    }
    case 'clerk':
    case 'supervisor':
    case 'agent':
      return { role: account.role, username, name, region: account.region ?? '', passwordHash };
    case 'admin':
      return { role: 'admin', username, name, passwordHash };
  }
}

export interface LocalAccounts {
  /** The account a login names, when the password is its own. */
  signIn(username: string, password: string): Promise<LocalAccount | undefined>;
  /** The account behind a subject (`sub`). */
  bySubject(sub: string): LocalAccount | undefined;
  /** Adds an account (kept in the file): how an administrator of the office machine registers people. */
  add(account: TestAccount): Promise<void>;
}

/** The subject of an account's tokens: a citizen's is the hash of their ID number, as on AWS. */
export const subjectOf = (account: LocalAccount): string =>
  account.role === 'citizen' ? account.idNumberHash : account.username;

/** The claims an account's access and ID tokens carry, with Cognito's names. */
export function accountClaims(account: LocalAccount): Record<string, unknown> {
  return {
    [TOKEN_CLAIMS.groups]: [account.role],
    ...((account.role === 'clerk' || account.role === 'supervisor' || account.role === 'agent') && {
      [TOKEN_CLAIMS.region]: account.region,
    }),
    ...(account.role === 'citizen' && { [TOKEN_CLAIMS.idNumberHash]: account.idNumberHash }),
  };
}

/** The accounts of a data folder; with `testAccounts`, made on first start if there are none. */
export async function openLocalAccounts(
  dataDir: string,
  options: { testAccounts: boolean; policiesDir: string },
): Promise<LocalAccounts> {
  const path = accountsPath(dataDir);
  await mkdir(join(dataDir, 'oidc'), { recursive: true, mode: 0o700 });
  let accounts: LocalAccount[];
  try {
    accounts = AccountsFileSchema.parse(JSON.parse(await readFile(path, 'utf8'))).accounts;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const tests = options.testAccounts ? await makeTestAccounts(options.policiesDir) : [];
    accounts = await Promise.all(tests.map(stored));
    await writeFile(path, `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    if (tests.length > 0) {
      await writeFile(testAccountsPath(dataDir), `${JSON.stringify(tests, null, 2)}\n`, { mode: 0o600 });
    }
  }
  const byUsername = new Map(accounts.map((a) => [a.username, a]));
  const bySubject = new Map(accounts.map((a) => [subjectOf(a), a]));
  return {
    async signIn(username, password) {
      const account = byUsername.get(username);
      // Hash even for an unknown name, so timing does not tell which names exist.
      const ok = await passwordMatches(password, account?.passwordHash ?? (await hashPassword('-')));
      return ok ? account : undefined;
    },
    bySubject: (sub) => bySubject.get(sub),
    async add(account) {
      if (byUsername.has(account.username)) throw new Error(`account ${account.username} exists`);
      const made = await stored(account);
      accounts.push(made);
      byUsername.set(made.username, made);
      bySubject.set(subjectOf(made), made);
      await writeFile(path, `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`, { mode: 0o600 });
    },
  };
}
