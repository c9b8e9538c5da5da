import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EBill, EBillSignature, SignedEBill } from './ebill';

/**
 * Ed25519 signatures over e-bills (DESIGN §7). What is signed is the RFC 8785 canonical
 * JSON (JCS) of every field but `signature`, as UTF-8: key order, whitespace and number
 * spelling in transit do not matter, any change of content does.
 */

/** A hospital's public key as crossclaim's key registry holds it. */
export interface HospitalPublicKey {
  /** The hospital the key belongs to: a bill signed with it must name this hospital. */
  hospitalCode: string;
  /** A KeyObject, or SPKI PEM text ('-----BEGIN PUBLIC KEY-----'). */
  publicKey: KeyObject | string;
  revoked: boolean;
}

/** keyId → key. A `Map<string, HospitalPublicKey>` is one. */
export interface HospitalKeyRegistry {
  get(keyId: string): HospitalPublicKey | undefined;
}

export interface SigningKey {
  keyId: string;
  /** A KeyObject, or PKCS#8 PEM text ('-----BEGIN PRIVATE KEY-----'). */
  privateKey: KeyObject | string;
}

export type SignatureFailure =
  'unknown_key' | 'revoked_key' | 'bad_signature' | 'wrong_hospital' | 'unsupported_alg';
export type SignatureVerification = { ok: true } | { ok: false; reason: SignatureFailure };

/**
 * What verification accepts: a bill whose signature may name any algorithm, so that a bill
 * parsed loosely (or built by hand) is answered 'unsupported_alg' rather than not compiling.
 */
export type EBillWithAnySignature = EBill & { signature: Omit<EBillSignature, 'alg'> & { alg: string } };

const SIGNATURE_ALG = 'Ed25519';

/** The bytes that are signed: the canonical JSON of the bill without its signature. */
export function canonicalEBillBytes(bill: EBill | EBillWithAnySignature): Buffer {
  const { signature: _signature, ...content } = bill as EBill & { signature?: unknown };
  const text = canonicalize(content);
  if (text === undefined) throw new TypeError('an e-bill must be a JSON object');
  return Buffer.from(text, 'utf8');
}

/** The bill with a fresh signature (an existing one is replaced, not signed over). */
export function signEBill(bill: EBill | SignedEBill, key: SigningKey): SignedEBill {
  const privateKey = typeof key.privateKey === 'string' ? createPrivateKey(key.privateKey) : key.privateKey;
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new TypeError(`key ${key.keyId} is not an Ed25519 key`);
  const { signature: _old, ...content } = bill as EBill & { signature?: unknown };
  // Ed25519 hashes internally: the digest algorithm argument must be null.
  const value = sign(null, canonicalEBillBytes(content), privateKey).toString('base64');
  return { ...content, signature: { alg: SIGNATURE_ALG, keyId: key.keyId, value } };
}

/**
 * Checks, in this order: the algorithm, that the key is known, not revoked, belongs to the
 * hospital the bill names, and that the signature matches the content. The first failure is
 * the answer; nothing is thrown for a bad bill.
 */
export function verifyEBillSignature(
  bill: EBillWithAnySignature,
  registry: HospitalKeyRegistry,
): SignatureVerification {
  const { alg, keyId, value } = bill.signature;
  if (alg !== SIGNATURE_ALG) return failure('unsupported_alg');
  const entry = registry.get(keyId);
  if (!entry) return failure('unknown_key');
  if (entry.revoked) return failure('revoked_key');
  if (entry.hospitalCode !== bill.hospital.code) return failure('wrong_hospital');

  const publicKey = toPublicKey(entry.publicKey);
  if (publicKey?.asymmetricKeyType !== 'ed25519') return failure('unsupported_alg');
  const signature = decodeBase64(value);
  if (!signature) return failure('bad_signature');
  return verify(null, canonicalEBillBytes(bill), publicKey, signature)
    ? { ok: true }
    : failure('bad_signature');
}

function failure(reason: SignatureFailure): SignatureVerification {
  return { ok: false, reason };
}

function toPublicKey(key: KeyObject | string): KeyObject | undefined {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  try {
    return createPublicKey(key);
  } catch {
    // A registry entry that is not a readable public key cannot verify anything.
    return undefined;
  }
}

const ED25519_SIGNATURE_BYTES = 64;

/** Strict base64: Buffer.from would silently skip characters outside the alphabet. */
function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === ED25519_SIGNATURE_BYTES ? bytes : undefined;
}
