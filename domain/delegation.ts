import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { IdNumberSchema, ReceiptImageSubmissionSchema } from './claim';
import { DelegationIdSchema, RELATIONSHIPS, type DELEGATION_KINDS } from './delegation-kinds';
import { IsoDateSchema } from './schema-primitives';

/**
 * Filing for someone else (帮办 / 代办). The insured person records, beforehand and from their
 * own account, who may file for them:
 *
 * - `family`: a family member, named by their ID number (kept only as its hash), files from
 *   their own citizen account until the citizen revokes it or it expires;
 * - `agent`: a service window (any region: 异地帮办，属地办理) files once, on the citizen's
 *   signed authorisation form: the agent uploads the signed form and enters the one-time code
 *   printed on it, which only the citizen was shown. The code is kept only as its hash.
 *
 * What a filing must present is checked here (pure); the store makes a use single and a
 * revocation final in the claim's own transaction.
 */
export { DELEGATION_KINDS, DelegationIdSchema, RELATIONSHIPS } from './delegation-kinds';

/** How long a delegation lasts when the citizen names no end: a year for family, 30 days for a window. */
export const DEFAULT_VALID_DAYS = { family: 365, agent: 30 } as const;

export const RecordDelegationRequestSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('family'),
      delegate: z.strictObject({ idNumber: IdNumberSchema, name: z.string().trim().min(1).max(50) }),
      relationship: z.enum(RELATIONSHIPS),
      validUntil: IsoDateSchema.optional(),
    }),
    z.strictObject({ kind: z.literal('agent'), validUntil: IsoDateSchema.optional() }),
  ])
  .meta({ id: 'RecordDelegationRequest' });
export type RecordDelegationRequest = z.infer<typeof RecordDelegationRequestSchema>;

/** The one-time code of a window authorisation: 10 characters, no look-alikes (0/O, 1/I). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const AuthorisationCodeSchema = z
  .string()
  .regex(/^[A-HJ-NP-Z2-9]{10}$/, { error: 'must be the 10-character code on the signed authorisation' });

/** What a delegate or an agent adds to the claim form (POST /claims) to file for the insured. */
export const OnBehalfOfSchema = z
  .strictObject({
    delegationId: DelegationIdSchema,
    /** agent: the one-time code printed on the citizen's signed authorisation form. */
    code: AuthorisationCodeSchema.optional(),
    /** agent: the scan of the signed form, uploaded first (POST /receipt-images) by the agent. */
    signedAuthorisation: ReceiptImageSubmissionSchema.optional(),
  })
  .meta({ id: 'OnBehalfOf' });
export type OnBehalfOf = z.infer<typeof OnBehalfOfSchema>;

/** A delegation as stored under the citizen (`INSURED#<hash>` / `DELEGATION#<id>`). */
export interface Delegation {
  delegationId: string;
  kind: (typeof DELEGATION_KINDS)[number];
  citizenHash: string;
  /** family: the delegate's ID-number hash, and their name masked to its first character. */
  delegateHash?: string;
  delegateNameMasked?: string;
  relationship?: (typeof RELATIONSHIPS)[number];
  /** agent: sha256 of the one-time code. */
  codeHash?: string;
  createdAt: string;
  /** The last day it may be used (inclusive, in the date's own terms). */
  validUntil: string;
  revokedAt?: string;
  /** agent: the claim it was used for (once). */
  usedFor?: string;
  /** agent: filings refused for a wrong code; at MAX_CODE_ATTEMPTS the authorisation is locked. */
  failedCodes?: number;
}

/** Wrong codes a window authorisation takes before it is locked (the citizen makes a new one). */
export const MAX_CODE_ATTEMPTS = 5;

export const isLocked = (d: Pick<Delegation, 'failedCodes'>): boolean =>
  (d.failedCodes ?? 0) >= MAX_CODE_ATTEMPTS;

const base32 = (bytes: Buffer): string => [...bytes].map((b) => CODE_ALPHABET[b % 32]).join('');
const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newDelegationId(): string {
  return `D${[...randomBytes(16)].map((b) => ID_ALPHABET[b % 32]).join('')}`;
}

export function newAuthorisationCode(): string {
  return base32(randomBytes(10));
}

export const codeHashOf = (code: string): string =>
  `sha256:${createHash('sha256').update(code).digest('hex')}`;

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The refusal that counts towards locking the authorisation. */
export const WRONG_CODE = 'the code does not match';

/** Who is filing, as the authority check sees them. */
export type Filer = { role: 'citizen'; sub: string } | { role: 'agent'; sub: string };

/**
 * Why this filer may not file for the citizen on this delegation, or undefined when they may.
 * Every refusal is the same to the caller (403): the reason is for the log, so a guesser learns
 * nothing about which delegations exist.
 */
export function authorityProblem(
  delegation: Delegation | undefined,
  filer: Filer,
  onBehalfOf: OnBehalfOf,
  today: string,
): string | undefined {
  if (!delegation) return 'no such delegation of this citizen';
  if (delegation.revokedAt) return 'revoked';
  if (delegation.validUntil < today) return 'expired';
  if (filer.role === 'citizen') {
    if (delegation.kind !== 'family') return 'a window authorisation is for an agent';
    if (!delegation.delegateHash || delegation.delegateHash !== filer.sub) return 'delegated to someone else';
    return undefined;
  }
  if (delegation.kind !== 'agent') return 'a family delegation is for the family member';
  if (delegation.usedFor) return 'used already';
  if (isLocked(delegation)) return 'locked after too many wrong codes';
  if (!onBehalfOf.code || !delegation.codeHash || !sameHash(codeHashOf(onBehalfOf.code), delegation.codeHash))
    return WRONG_CODE;
  return undefined;
}

/** The day a new delegation ends: the one asked for (not past, not beyond a year), or the default. */
export function validUntilOf(request: RecordDelegationRequest, today: string): string | undefined {
  if (request.validUntil === undefined) {
    const end = new Date(`${today}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + DEFAULT_VALID_DAYS[request.kind]);
    return end.toISOString().slice(0, 10);
  }
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + 366);
  if (request.validUntil < today || request.validUntil > limit.toISOString().slice(0, 10)) return undefined;
  return request.validUntil;
}
