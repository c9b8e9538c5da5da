import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { useIdentityKey } from '../domain/identity';

/**
 * Loads the identity-hash key (domain/identity.ts) once per process. On AWS the key is a
 * Secrets Manager secret named by IDENTITY_KEY_SECRET_ARN (64 hex characters; infra creates it
 * and grants the functions read); locally a file under .data/, created on first start with
 * mode 0600 and shared by every process of `npm start` (the simulated hospitals hash with it
 * too, as the real hospital gateway would).
 */

const KEY_HEX = /^[0-9a-f]{64,}$/;

/** Reads the key file, creating it (32 random bytes, hex) if there is none yet. */
export async function loadIdentityKeyFile(path: string): Promise<Buffer> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    text = randomBytes(32).toString('hex');
    try {
      await writeFile(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      text = (await readFile(path, 'utf8')).trim();
    }
  }
  if (!KEY_HEX.test(text)) throw new Error(`${path} does not hold a hex identity-hash key of 32+ bytes`);
  const key = Buffer.from(text, 'hex');
  useIdentityKey(key);
  return key;
}

/** The local key file of a data directory. */
export const identityKeyPath = (dataDir: string): string => `${dataDir}/identity-hash.key`;

/**
 * On AWS: the key from the Secrets Manager secret `secretArn` (IDENTITY_KEY_SECRET_ARN), once
 * per container, by the composition root (functions/shared/dependencies.ts). The SDK client is
 * loaded only here, so local runs never need it.
 */
export async function loadIdentityKeyFromSecret(
  secretArn: string,
  clientConfig: Record<string, unknown> = {},
): Promise<void> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient(clientConfig).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  const text = answer.SecretString?.trim() ?? '';
  if (!KEY_HEX.test(text)) throw new Error('the identity-hash secret is not 64+ hex characters');
  useIdentityKey(Buffer.from(text, 'hex'));
}
