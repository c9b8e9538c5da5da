import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import { z } from 'zod';
import { parseOrThrow } from '../../domain/validation';
import { createAccessTokenVerifier, TokenRejectedError } from '../../functions/shared/access-tokens';
import { CallerSchema, TOKEN_CLAIMS, type Caller } from '../../functions/shared/auth';

export { TokenRejectedError };

/**
 * The local runtime's token key: one ES256 key pair, made at random for each data folder on
 * first start and kept in it (0600) so tokens stay valid across restarts. The local OpenID
 * provider (local/oidc/) signs its tokens with it; `crossclaim token` (development only) mints
 * access tokens of the same form. On AWS, Cognito issues the tokens; both are checked by
 * functions/shared/access-tokens.ts (issuer, audience, expiry, signature, token_use).
 */

export const LOCAL_TOKEN_ISSUER = 'crossclaim-local';
export const LOCAL_TOKEN_AUDIENCE = 'crossclaim-api';
const ALGORITHM = 'ES256';
/** Longer than a working week is not a session but a credential: mint another. */
export const MAX_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

const StoredKeySchema = z.object({
  kid: z.string().min(1),
  alg: z.literal(ALGORITHM),
  createdAt: z.string(),
  privateJwk: z.looseObject({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    d: z.string(),
    x: z.string(),
    y: z.string(),
  }),
});
type StoredKey = z.infer<typeof StoredKeySchema>;

/** Who a token is for: a Caller (functions/shared/auth.ts), and for how long. */
export type TokenRequest = Caller & { ttlSeconds: number };

export interface LocalSigningKey {
  kid: string;
  /** The issuer its tokens name and the verifier requires. */
  issuer: string;
  /** The private key as a JWK (kid, alg, use set), for the OpenID provider's key store. */
  privateJwk: JWK;
  /** The public key as a JWK Set, served at /.well-known/jwks.json. */
  jwks: JSONWebKeySet;
  /** Signs a token for a caller; refuses (InvalidInputError) a caller the API would refuse. */
  mintToken(request: TokenRequest): Promise<string>;
  /** The verified claims, or TokenRejectedError saying what is wrong. */
  verifyToken(token: string): Promise<JWTPayload>;
}

export interface SigningKeyOptions {
  /** The clock tokens are issued and checked by; tests move it. */
  now?: () => Date;
  /** The issuer: the local OpenID provider's URL when the runtime runs one. */
  issuer?: string;
}

/** Where the key lives under a data directory (`.data/jwt/signing-key.json`). */
export const signingKeyPath = (dataDir: string): string => join(dataDir, 'jwt', 'signing-key.json');

async function createKeyFile(path: string, dir: string): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const stored: StoredKey = {
    kid: await calculateJwkThumbprint(await exportJWK(publicKey)),
    alg: ALGORITHM,
    createdAt: new Date().toISOString(),
    privateJwk: (await exportJWK(privateKey)) as StoredKey['privateJwk'],
  };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': if another process made the key first, keep theirs (its tokens are out there already).
    await writeFile(path, `${JSON.stringify(stored, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

async function readKeyFile(path: string): Promise<StoredKey> {
  // A key file copied around with a loose mode is tightened back: it signs every role's tokens.
  await chmod(path, 0o600);
  const parsed = StoredKeySchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${path} is not a crossclaim signing key; delete it to make a new one (tokens minted before stop working)`,
    );
  }
  return parsed.data;
}

/** The signing key under `dataDir`, made on first use. */
export async function openLocalSigningKey(
  dataDir: string,
  options: SigningKeyOptions = {},
): Promise<LocalSigningKey> {
  const now = options.now ?? (() => new Date());
  const path = signingKeyPath(dataDir);
  try {
    await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await createKeyFile(path, join(dataDir, 'jwt'));
  }
  const stored = await readKeyFile(path);
  const { d: _private, ...publicJwk } = stored.privateJwk;
  const jwk: JWK = { ...publicJwk, kid: stored.kid, alg: ALGORITHM, use: 'sig' };
  const privateKey = (await importJWK(stored.privateJwk, ALGORITHM)) as CryptoKey;
  const jwks: JSONWebKeySet = { keys: [jwk] };
  const issuer = options.issuer ?? LOCAL_TOKEN_ISSUER;
  const verify = createAccessTokenVerifier({ issuer, audience: LOCAL_TOKEN_AUDIENCE, jwks, now });

  return {
    kid: stored.kid,
    issuer,
    privateJwk: { ...stored.privateJwk, kid: stored.kid, alg: ALGORITHM, use: 'sig' },
    jwks,
    async mintToken(request) {
      const { ttlSeconds, ...callerFields } = request;
      const caller = parseOrThrow(CallerSchema, callerFields, 'token');
      parseOrThrow(z.number().int().min(1).max(MAX_TOKEN_TTL_SECONDS), ttlSeconds, 'token ttlSeconds');
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({
        [TOKEN_CLAIMS.groups]: [caller.role],
        // Clerks, supervisors and agents are region-scoped: the region travels as custom:region.
        ...((caller.role === 'clerk' || caller.role === 'supervisor' || caller.role === 'agent') && {
          [TOKEN_CLAIMS.region]: caller.region,
        }),
        ...(caller.role === 'hospital' && { [TOKEN_CLAIMS.hospital]: caller.hospital }),
        // As Cognito's tokens carry it (functions/pre-token-generation.ts); the sub stays the hash too.
        ...(caller.role === 'citizen' && { [TOKEN_CLAIMS.idNumberHash]: caller.sub }),
        // An access token, as Cognito's (its pre token generation trigger adds the custom claims).
        token_use: 'access',
        client_id: 'crossclaim-token-cli',
      })
        .setProtectedHeader({ alg: ALGORITHM, kid: stored.kid, typ: 'JWT' })
        .setSubject(caller.sub)
        .setIssuer(issuer)
        .setAudience(LOCAL_TOKEN_AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    verifyToken: verify,
  };
}
