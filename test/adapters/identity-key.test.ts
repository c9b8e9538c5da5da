import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { identityKeyPath, loadIdentityKeyFile } from '../../adapters/identity-key';
import { checkDigit, identityHash, maskIdNumber } from '../../domain/identity';
import { openIdentityKey, UnkeyedDataError } from '../../local/identity-key-file';

/**
 * The attack of the issue: given a masked number (first 4, last 4) and its hash, try the
 * candidates. Here the attacker even knows the region and birth date, leaving the 3-digit
 * sequence (1,000 candidates; the real search of ~10^8 takes seconds).
 */
function search(masked: string, hash: string, region: string, birth: string, hashOf: (id: string) => string) {
  for (let seq = 0; seq < 1000; seq++) {
    const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
    const id = first17 + checkDigit(first17);
    if (maskIdNumber(id) === masked && hashOf(id) === hash) return id;
  }
  return undefined;
}
const unkeyed = (id: string) =>
  `sha256:${createHash('sha256').update(id.toUpperCase(), 'utf8').digest('hex')}`;

describe('identity hash: keyed, its key created once under the data directory', () => {
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crossclaim-idkey-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('the masked number and the hash no longer give the number away', async () => {
    await loadIdentityKeyFile(identityKeyPath(await freshDir()));
    const first17 = '33040219900101123';
    const id = first17 + checkDigit(first17);
    // The old unkeyed hash falls to the search; the keyed one does not.
    expect(search(maskIdNumber(id), unkeyed(id), '330402', '19900101', unkeyed)).toBe(id);
    expect(search(maskIdNumber(id), identityHash(id), '330402', '19900101', unkeyed)).toBeUndefined();
    expect(identityHash(id)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(identityHash(id)).not.toBe(unkeyed(id));
  });

  it('creates the key on first start (mode 0600) and reads the same one after; another key, another hash', async () => {
    const dir = await freshDir();
    const path = identityKeyPath(dir);
    const first = await loadIdentityKeyFile(path);
    const hashed = identityHash('110101199003074477');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadIdentityKeyFile(path)).equals(first)).toBe(true);
    expect(identityHash('110101199003074477')).toBe(hashed);
    await loadIdentityKeyFile(identityKeyPath(await freshDir()));
    expect(identityHash('110101199003074477')).not.toBe(hashed);
  });

  it('refuses a data directory written with the unkeyed hash instead of mixing two kinds of hash', async () => {
    const dir = await freshDir();
    const world = join(dir, 'world');
    await rm(world, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(world));
    await writeFile(join(world, 'state.json'), '{}');
    await expect(openIdentityKey(dir, world)).rejects.toBeInstanceOf(UnkeyedDataError);
    await expect(loadIdentityKeyFile(join(dir, 'bad.key'))).resolves.toBeDefined();
    await writeFile(join(dir, 'short.key'), 'abcd\n');
    await expect(loadIdentityKeyFile(join(dir, 'short.key'))).rejects.toThrow(/hex identity-hash key/);
  });
});
