import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EBill, type SignedEBill } from '../../domain/ebill';
import {
  canonicalEBillBytes,
  signEBill,
  verifyEBillSignature,
  type HospitalPublicKey,
} from '../../domain/ebill-signature';
import { readJson } from '../support/fixtures';

const HOSPITAL = 'H33060200001';
const KEY_ID = `${HOSPITAL}-2026`;
const hospitalKeys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');

const unsignedSample = (): EBill => EBill.parse(readJson('test/fixtures/shared/ebills/sample-ebill.json'));
const signedSample = (): SignedEBill =>
  signEBill(unsignedSample(), { keyId: KEY_ID, privateKey: hospitalKeys.privateKey });

function registry(entries: Record<string, Partial<HospitalPublicKey>> = {}): Map<string, HospitalPublicKey> {
  return new Map<string, HospitalPublicKey>([
    [KEY_ID, { hospitalCode: HOSPITAL, publicKey: hospitalKeys.publicKey, revoked: false }],
    ...Object.entries(entries).map(([keyId, entry]): [string, HospitalPublicKey] => [
      keyId,
      { hospitalCode: HOSPITAL, publicKey: hospitalKeys.publicKey, revoked: false, ...entry },
    ]),
  ]);
}

describe('e-bill signatures: Ed25519 over the canonical JSON', () => {
  it('verifies a bill it signed (round trip)', () => {
    const bill = signedSample();
    expect(bill.signature).toMatchObject({ alg: 'Ed25519', keyId: KEY_ID });
    expect(Buffer.from(bill.signature.value, 'base64')).toHaveLength(64);
    expect(verifyEBillSignature(bill, registry())).toEqual({ ok: true });
  });

  it('verifies with the public key given as SPKI PEM text', () => {
    const pem = hospitalKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyEBillSignature(signedSample(), registry({ [KEY_ID]: { publicKey: pem } }))).toEqual({
      ok: true,
    });
  });

  it('signs with a private key given as PKCS#8 PEM text', () => {
    const pem = hospitalKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bill = signEBill(unsignedSample(), { keyId: KEY_ID, privateKey: pem });
    expect(bill.signature.value).toBe(signedSample().signature.value); // Ed25519 is deterministic
  });

  it('signs every field but the signature: re-signing a signed bill gives the same signature', () => {
    const once = signedSample();
    const twice = signEBill(once, { keyId: KEY_ID, privateKey: hospitalKeys.privateKey });
    expect(twice.signature).toEqual(once.signature);
    expect(canonicalEBillBytes(once).toString('utf8')).not.toContain('signature');
  });

  it('does not care about key order: the same content in another order still verifies', () => {
    const bill = signedSample();
    const reordered = reverseKeyOrder(bill) as SignedEBill;
    expect(Object.keys(reordered)[0]).toBe('signature');
    expect(Object.keys(reordered.hospital)).toEqual(['level', 'name', 'code']);
    expect(verifyEBillSignature(reordered, registry())).toEqual({ ok: true });
  });

  it.each<[string, (bill: SignedEBill) => void]>([
    ['the total', (b) => void (b.totalAmtFen += 1)],
    ['a line amount', (b) => void (b.listDetail[0] && (b.listDetail[0].amountFen += 100))],
    ['the payer name', (b) => void (b.payer.name = 'Test Li')],
    ['the status', (b) => void (b.status = 'voided')],
    ['settled directly', (b) => void (b.settledDirectly = true)],
    ['the visit number (added)', (b) => void (b.visitNo = 'ZY2026000001')],
    ['a line category', (b) => void (b.listDetail[4] && (b.listDetail[4].medicalCareType = 1))],
    ['the line order', (b) => void b.listDetail.reverse()],
  ])('breaks when %s changes', (_what, change) => {
    const bill = structuredClone(signedSample());
    change(bill);
    expect(verifyEBillSignature(bill, registry())).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signature that is not base64 of 64 bytes', () => {
    const bill = signedSample();
    for (const value of ['<base64 over the canonical JSON>', bill.signature.value.slice(0, 40), '']) {
      expect(verifyEBillSignature({ ...bill, signature: { ...bill.signature, value } }, registry())).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });

  it('refuses a key id the registry does not know', () => {
    const bill = signEBill(unsignedSample(), {
      keyId: `${HOSPITAL}-2025`,
      privateKey: hospitalKeys.privateKey,
    });
    expect(verifyEBillSignature(bill, registry())).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('refuses a revoked key, even when the signature itself is good', () => {
    expect(verifyEBillSignature(signedSample(), registry({ [KEY_ID]: { revoked: true } }))).toEqual({
      ok: false,
      reason: 'revoked_key',
    });
  });

  it("refuses a bill signed with another hospital's key, even when the signature itself is good", () => {
    const otherKeyId = 'H31010400411-2026';
    const bill = signEBill(unsignedSample(), { keyId: otherKeyId, privateKey: otherKeys.privateKey });
    const withOther = registry({
      [otherKeyId]: { hospitalCode: 'H31010400411', publicKey: otherKeys.publicKey },
    });
    expect(verifyEBillSignature(bill, withOther)).toEqual({ ok: false, reason: 'wrong_hospital' });
  });

  it('refuses a signature made with a key other than the registered one', () => {
    const bill = signEBill(unsignedSample(), { keyId: KEY_ID, privateKey: otherKeys.privateKey });
    expect(verifyEBillSignature(bill, registry())).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an algorithm other than Ed25519, and a registry key that is not Ed25519', () => {
    const bill = signedSample();
    expect(
      verifyEBillSignature({ ...bill, signature: { ...bill.signature, alg: 'RS256' } }, registry()),
    ).toEqual({
      ok: false,
      reason: 'unsupported_alg',
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(verifyEBillSignature(bill, registry({ [KEY_ID]: { publicKey: rsa.publicKey } }))).toEqual({
      ok: false,
      reason: 'unsupported_alg',
    });
  });

  it('refuses to sign with a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => signEBill(unsignedSample(), { keyId: KEY_ID, privateKey: rsa.privateKey })).toThrow(
      /not an Ed25519/,
    );
  });

  it('writes canonical JSON (RFC 8785): sorted keys, no whitespace', () => {
    const text = canonicalEBillBytes(unsignedSample()).toString('utf8');
    expect(text.startsWith('{"accountPayFen":0,"admission":{"admitDate":"2026-03-09"')).toBe(true);
    expect(text).not.toMatch(/\s"|":\s/);
  });
});

/** The same value with the keys of every object, at every depth, in reverse order. */
function reverseKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeyOrder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, child]) => [key, reverseKeyOrder(child)]),
  );
}
