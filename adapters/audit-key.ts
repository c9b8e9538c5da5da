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
