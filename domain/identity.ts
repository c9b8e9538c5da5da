import { createHmac, randomBytes } from 'node:crypto';
import type { SeededRandom } from './seeded-random';

/**
 * Resident identity numbers, GB 11643-1999: 6 digits of region code, 8 of birth date
 * (YYYYMMDD), 3 of sequence (odd for men, even for women) and a check digit (ISO 7064
 * MOD 11-2). Generated data uses fake numbers that still pass the check, so the
 * validation code is exercised (DESIGN §7).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const ID_FORMAT = /^\d{17}[\dX]$/;
const EARLIEST_BIRTH_YEAR = 1900;

/** The check digit for the first 17 digits of an identity number ('0'–'9' or 'X'). */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * True for a well-formed 18-character number with a real birth date (from 1900 on) and the
 * right check digit. The check letter must be an upper-case X, as the standard writes it.
 */
export function isValidIdNumber(id: string): boolean {
  if (!ID_FORMAT.test(id)) return false;
  if (!isRealBirthDate(id.slice(6, 14))) return false;
  return checkDigit(id.slice(0, 17)) === id.charAt(17);
}

function isRealBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < EARLIEST_BIRTH_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface FakeIdNumberOptions {
  /** Six-digit administrative region code, e.g. '330402' (Jiaxing, Nanhu district). */
  regionCode: string;
  /** Birth years to draw from, both inclusive. */
  birthYearRange: readonly [number, number];
}

/** A fake identity number that passes isValidIdNumber, drawn from the seeded generator. */
export function generateFakeIdNumber(rand: SeededRandom, options: FakeIdNumberOptions): string {
  const { regionCode, birthYearRange } = options;
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError('regionCode must be six digits');
  const [fromYear, toYear] = birthYearRange;
  if (fromYear < EARLIEST_BIRTH_YEAR || toYear < fromYear) throw new RangeError('bad birthYearRange');

  const year = rand.int(fromYear, toYear);
  const month = rand.int(1, 12);
  const day = rand.int(1, daysInMonth(year, month));
  // 000 is not issued as a sequence number.
  const sequence = rand.int(1, 999);
  const first17 = `${regionCode}${year}${pad2(month)}${pad2(day)}${String(sequence).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The key of the identity hash. A plain SHA-256 of an identity number falls to a search of the
 * ~10^8 numbers its masked form leaves open in seconds, so the hash is an HMAC-SHA256 keyed by
 * a secret shared between the hospitals' gateway and crossclaim: Secrets Manager on AWS, a file
 * under .data/ locally (adapters/identity-key.ts loads it at start). A process that never
 * loaded one uses a random key of its own: its hashes match nothing outside it, so forgetting
 * to load the key fails loudly, never back to the reversible unkeyed hash.
 */
let identityKey: Buffer = randomBytes(32);

/** Sets the process's identity-hash key (at least 32 bytes). */
export function useIdentityKey(key: Buffer): void {
  if (key.length < 32) throw new RangeError('the identity-hash key must be at least 32 bytes');
  identityKey = Buffer.from(key);
}

/**
 * The stable handle crossclaim and the hospitals use to look a person up without sending the
 * number itself: HMAC-SHA256 of the upper-cased number under the shared key, as
 * 'sha256:<64 hex>'. The prefix is the e-bill format's field (and the token claim's) and is kept
 * so bills and tokens keep their shape; the value is keyed.
 */
export function identityHash(idNumber: string): string {
  return `sha256:${createHmac('sha256', identityKey).update(idNumber.toUpperCase(), 'utf8').digest('hex')}`;
}

/** The same as identityHash (the name the code base grew up with). */
export const hashIdNumber = identityHash;

/** '330402199001010011' → '3304**********0011' (first 4 and last 4 kept, as on e-bills). */
export function maskIdNumber(id: string): string {
  const keep = 4;
  if (id.length <= keep * 2) return '*'.repeat(id.length);
  return id.slice(0, keep) + '*'.repeat(id.length - keep * 2) + id.slice(-keep);
}
