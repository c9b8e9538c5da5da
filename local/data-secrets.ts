import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Secrets of one data folder, each in a file of its own (mode 0600, folder 0700), made at random
 * the first time: the simulators' admin token, the seed of the simulated hospitals' signing keys.
 * Two data folders never share them, and nothing in the source code can rebuild them.
 */

export const ADMIN_TOKEN_FILE = 'admin-token';
export const HOSPITAL_KEY_SEED_FILE = 'hospital-key-seed';

/** The secret `name` under `dir`, made (32 random bytes, base64url) if missing. */
export async function openDataSecret(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': when two processes start together, the first one's secret is the secret.
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A copy restored with a loose mode is tightened back.
  await chmod(path, 0o600);
  const secret = (await readFile(path, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${path} holds no usable secret: delete it to make a new one`);
  return secret;
}
