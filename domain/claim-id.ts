import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/**
 * A claim id: `C`, the submission date (so ids sort by day for people reading them), and 12
 * random base32 characters (60 bits). Used as the Step Functions execution name too, which
 * makes StartExecution idempotent for a claim.
 */
export function newClaimId(now: Date, random: (n: number) => Buffer = randomBytes): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const bytes = random(12);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % 32];
  return `C${day}${suffix}`;
}
