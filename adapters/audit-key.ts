import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { useAuditChainKey } from '../domain/audit-chain';

/** The local audit-chain key: `<dataDir>/audit-chain.key`, 32 random bytes (hex), mode 0600. */
export const auditKeyPath = (dataDir: string): string => join(dataDir, 'audit-chain.key');

/**
 * Loads (or, with `create`, creates on first start) the key the history's writers hash with.
 * Only the crossclaim process and `crossclaim audit verify` read it; the hospitals never do.
 */
export async function loadAuditKeyFile(path: string, options: { create: boolean }): Promise<Buffer> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !options.create) throw error;
    await mkdir(dirname(path), { recursive: true });
    text = randomBytes(32).toString('hex');
    await writeFile(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  }
  if (!/^[0-9a-f]{64,}$/.test(text))
    throw new Error(`${path} does not hold a hex audit-chain key of 32+ bytes`);
  const key = Buffer.from(text, 'hex');
  useAuditChainKey(key);
  return key;
}

/** Where the AWS functions that write or verify the history find the chain key. */
export const AUDIT_KEY_SECRET_ENV = 'AUDIT_KEY_SECRET_ARN';

/**
 * On AWS: the chain key from the Secrets Manager secret `secretArn` (64+ hex characters; infra
 * creates it and grants it only to the functions that write or verify the history), once per
 * container, by the composition root (functions/shared/dependencies.ts). A secret that is not a
 * key stops the function: a writer must never fall back to the unkeyed chain.
 */
export async function loadAuditKeyFromSecret(
  secretArn: string,
  clientConfig: Record<string, unknown> = {},
): Promise<Buffer> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient(clientConfig).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  const text = answer.SecretString?.trim() ?? '';
  if (!/^[0-9a-f]{64,}$/.test(text)) throw new Error('the audit-chain secret is not 64+ hex characters');
  const key = Buffer.from(text, 'hex');
  useAuditChainKey(key);
  return key;
}

/** The same, from an environment-shaped record (AUDIT_KEY_SECRET_ARN); nothing without it. */
export async function loadAuditKeyFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  clientConfig: Record<string, unknown> = {},
): Promise<Buffer | undefined> {
  const secretArn = env[AUDIT_KEY_SECRET_ENV];
  return secretArn ? loadAuditKeyFromSecret(secretArn, clientConfig) : undefined;
}
