import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocalSigningKey } from '../../local/api/jwt-keys';
import { ADMIN_TOKEN_FILE, HOSPITAL_KEY_SEED_FILE, openDataSecret } from '../../local/data-secrets';
import { generateHospitalCatalog } from '../../local/hospitals/catalog';

// Two data folders (two offices) must not share a key: nothing in the source code may rebuild one.
describe('keys are random per data folder', () => {
  it('two data folders get different token keys, hospital keys and admin tokens; one folder keeps its own', async () => {
    const [a, b] = [
      await mkdtemp(join(tmpdir(), 'crossclaim-a-')),
      await mkdtemp(join(tmpdir(), 'crossclaim-b-')),
    ];
    try {
      expect((await openLocalSigningKey(a)).kid).not.toBe((await openLocalSigningKey(b)).kid);
      expect((await openLocalSigningKey(a)).kid).toBe((await openLocalSigningKey(a)).kid);
      expect(await openDataSecret(a, ADMIN_TOKEN_FILE)).not.toBe(await openDataSecret(b, ADMIN_TOKEN_FILE));
      const catalogOf = async (dir: string) =>
        generateHospitalCatalog('same-seed', { keySeed: await openDataSecret(dir, HOSPITAL_KEY_SEED_FILE) });
      const [ca, ca2, cb] = [await catalogOf(a), await catalogOf(a), await catalogOf(b)];
      // The same hospitals (codes from the seed), with other keys.
      expect(cb.hospitals.map((h) => h.code)).toEqual(ca.hospitals.map((h) => h.code));
      expect(ca2.hospitals.map((h) => h.publicKeyPem)).toEqual(ca.hospitals.map((h) => h.publicKeyPem));
      for (const [i, hospital] of ca.hospitals.entries()) {
        expect(hospital.publicKeyPem).not.toBe(cb.hospitals[i]!.publicKeyPem);
        expect(hospital.publicKeyPem).not.toBe(
          generateHospitalCatalog('same-seed').hospitals[i]!.publicKeyPem,
        );
      }
    } finally {
      await rm(a, { recursive: true, force: true });
      await rm(b, { recursive: true, force: true });
    }
  });
});
