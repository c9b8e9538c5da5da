import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { identityKeyPath, loadIdentityKeyFile } from '../adapters/identity-key';

/** Data made before the identity hash was keyed: its hashes cannot be recomputed (see docs/security.md). */
export class UnkeyedDataError extends Error {
  override readonly name = 'UnkeyedData';
}

/**
 * The identity-hash key of `npm start`: `<dataDir>/identity-hash.key`, created on first start.
 * A data directory that already holds data but no key was written with the old unkeyed hash;
 * its hashes cannot be re-keyed (the ID numbers are not stored, and the hospitals' signed bills
 * carry the old hash), so it is refused with what to do instead of mixing two kinds of hash.
 */
export async function openIdentityKey(dataDir: string, stateDir?: string): Promise<void> {
  const path = identityKeyPath(dataDir);
  if (!existsSync(path) && stateDir && existsSync(stateDir) && (await readdir(stateDir)).length > 0) {
    throw new UnkeyedDataError(
      `${stateDir} was written before ID-number hashes were keyed (no ${path}); its hashes cannot be ` +
        'migrated. It holds generated data only: delete the data directory and start again.',
    );
  }
  await loadIdentityKeyFile(path);
}
