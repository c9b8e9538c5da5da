import { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateHospitalCatalog, keyRegistryFor, signingKeyFor } from '../../../local/hospitals/catalog';
import { EBill } from '../../../domain/ebill';
import { signEBill, verifyEBillSignature } from '../../../domain/ebill-signature';
import { readJson } from '../../support/fixtures';

describe('hospital catalog: simulated out-of-province hospitals from a seed', () => {
  const catalog = generateHospitalCatalog('catalog-test');

  it('is the same, keys included, for the same seed and different for another', () => {
    expect(JSON.stringify(generateHospitalCatalog('catalog-test'))).toBe(JSON.stringify(catalog));
    const other = generateHospitalCatalog('another seed');
    expect(other.hospitals.map((h) => h.code)).not.toEqual(catalog.hospitals.map((h) => h.code));
    expect(other.hospitals[0]?.privateKeyPem).not.toBe(catalog.hospitals[0]?.privateKeyPem);
  });

  it('has at least six hospitals with distinct codes H + 11 digits, in Shanghai and Jiangsu', () => {
    expect(catalog.hospitals.length).toBeGreaterThanOrEqual(6);
    const codes = catalog.hospitals.map((h) => h.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^H\d{11}$/);
    expect(new Set(catalog.hospitals.map((h) => h.provinceCode))).toEqual(new Set(['310000', '320000']));
    for (const h of catalog.hospitals) expect(h.code.slice(1, 3)).toBe(h.provinceCode.slice(0, 2));
  });

  it('has hospitals of every level, with obviously fake names', () => {
    expect(new Set(catalog.hospitals.map((h) => h.level))).toEqual(new Set([1, 2, 3]));
    for (const h of catalog.hospitals) {
      expect(h.name).toMatch(/测试.*\(test\)$/);
      expect(h.nameEn).toMatch(/Test.*\(test\)$/);
    }
    expect(new Set(catalog.hospitals.map((h) => h.name)).size).toBe(catalog.hospitals.length);
  });

  it('gives each hospital its own district, so bill batch codes never collide', () => {
    const districts = catalog.hospitals.map((h) => h.districtCode);
    expect(new Set(districts).size).toBe(districts.length);
  });

  it('gives each hospital an Ed25519 key pair with key id <code>-<year>', () => {
    for (const h of catalog.hospitals) {
      expect(h.keyId).toBe(`${h.code}-2026`);
      expect(h.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(h.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    }
  });

  it('builds the registry crossclaim holds: public keys only, each verifying its own hospital', () => {
    const registry = keyRegistryFor(catalog);
    expect(registry.size).toBe(catalog.hospitals.length);
    for (const entry of registry.values()) {
      expect(entry.publicKey).toBeInstanceOf(KeyObject);
      expect((entry.publicKey as KeyObject).type).toBe('public');
    }
    const sample = EBill.parse(readJson('test/fixtures/shared/ebills/sample-ebill.json'));
    for (const h of catalog.hospitals) {
      const bill = signEBill({ ...sample, hospital: { ...sample.hospital, code: h.code } }, signingKeyFor(h));
      expect(verifyEBillSignature(bill, registry)).toEqual({ ok: true });
    }
  });

  it('makes as many hospitals as asked, within limits', () => {
    expect(generateHospitalCatalog('n', { count: 12 }).hospitals).toHaveLength(12);
    expect(() => generateHospitalCatalog('n', { count: 5 })).toThrow(RangeError);
  });
});
