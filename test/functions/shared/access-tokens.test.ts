import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  cognitoTokenPolicy,
  createAccessTokenVerifier,
  TokenRejectedError,
  type AccessTokenPolicy,
} from '../../../functions/shared/access-tokens';
import { callerFromClaims } from '../../../functions/shared/auth';
import { claimsAsGatewayPassesThem } from '../../../local/api/gateway-event';

// The same attacks against both configurations of the one verifier: Cognito's (RS256, access
// tokens with client_id and no aud; a test key set stands in for the pool's JWKS) and the local
// OpenID provider's (ES256, aud). Each must let its own genuine access token through.

interface Issuer {
  name: string;
  alg: 'RS256' | 'ES256';
  policy: AccessTokenPolicy;
  key: CryptoKey;
  kid: string;
  /** The claims that make a token "for us" in this configuration. */
  audienceClaims: Record<string, unknown>;
  /** What this issuer's ID tokens carry instead. */
  idTokenClaims: Record<string, unknown>;
}

async function keyPair(alg: 'RS256' | 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { privateKey, jwk, kid };
}

async function cognito(): Promise<Issuer> {
  const { privateKey, jwk, kid } = await keyPair('RS256');
  const clientId = '5example0client0id0000000';
  return {
    name: 'AWS (Cognito user pool, test JWKS)',
    alg: 'RS256',
    policy: cognitoTokenPolicy({
      region: 'cn-north-1',
      userPoolId: 'cn-north-1_Example',
      clientId,
      jwks: { keys: [jwk] },
    }),
    key: privateKey,
    kid,
    audienceClaims: { client_id: clientId, token_use: 'access', scope: 'openid' },
    idTokenClaims: { aud: clientId, token_use: 'id' },
  };
}

async function local(): Promise<Issuer> {
  const { privateKey, jwk, kid } = await keyPair('ES256');
  return {
    name: 'local OpenID provider',
    alg: 'ES256',
    policy: { issuer: 'http://127.0.0.1:4100/oidc', audience: 'crossclaim-api', jwks: { keys: [jwk] } },
    key: privateKey,
    kid,
    audienceClaims: { aud: 'crossclaim-api', client_id: 'crossclaim-web', token_use: 'access' },
    idTokenClaims: { aud: 'crossclaim-web', token_use: 'id' },
  };
}

function sign(
  issuer: Issuer,
  claims: Record<string, unknown>,
  options: { key?: CryptoKey; kid?: string; expiresAt?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ 'cognito:groups': ['clerk'], 'custom:region': '330400', ...claims })
    .setProtectedHeader({ alg: issuer.alg, kid: options.kid ?? issuer.kid })
    .setIssuer(issuer.policy.issuer)
    .setSubject('clerk-7')
    .setIssuedAt(now - 10)
    .setExpirationTime(options.expiresAt ?? now + 300)
    .sign(options.key ?? issuer.key);
}

async function refusal(issuer: Issuer, token: string): Promise<string> {
  const outcome = await createAccessTokenVerifier(issuer.policy)(token).then(
    () => 'accepted',
    (error: unknown) => (error instanceof TokenRejectedError ? error.message : `threw ${String(error)}`),
  );
  return outcome;
}

describe.each([{ make: cognito }, { make: local }])('access tokens: $make.name', ({ make }) => {
  it('accepts its genuine access token, whose claims name the caller as the handlers read them', async () => {
    const issuer = await make();
    const payload = await createAccessTokenVerifier(issuer.policy)(await sign(issuer, issuer.audienceClaims));
    expect(callerFromClaims(claimsAsGatewayPassesThem(payload))).toEqual({
      caller: { role: 'clerk', sub: 'clerk-7', region: '330400' },
    });
  });

  it('refuses an ID token used as an access token', async () => {
    const issuer = await make();
    expect(await refusal(issuer, await sign(issuer, issuer.idTokenClaims))).toMatch(/ID token/);
  });

  it('refuses an access token for another audience (another app client)', async () => {
    const issuer = await make();
    const other = { ...issuer.audienceClaims, aud: 'another-api', client_id: 'another-client' };
    expect(await refusal(issuer, await sign(issuer, other))).toMatch(/another audience/);
  });

  it('refuses an expired access token', async () => {
    const issuer = await make();
    const expiresAt = Math.floor(Date.now() / 1000) - 5;
    expect(await refusal(issuer, await sign(issuer, issuer.audienceClaims, { expiresAt }))).toMatch(
      /expired/,
    );
  });

  it('refuses an access token signed by another key, with or without the key id of a known one', async () => {
    const issuer = await make();
    const stranger = await keyPair(issuer.alg);
    const foreign = await sign(issuer, issuer.audienceClaims, {
      key: stranger.privateKey,
      kid: stranger.kid,
    });
    expect(await refusal(issuer, foreign)).toMatch(/key the issuer does not have/);
    const impostor = await sign(issuer, issuer.audienceClaims, { key: stranger.privateKey });
    expect(await refusal(issuer, impostor)).toMatch(/signature/);
  });

  it('refuses a token from another issuer, and one signed with a shared secret or none', async () => {
    const issuer = await make();
    const elsewhere = { ...issuer, policy: { ...issuer.policy, issuer: 'https://evil.example' } };
    expect(await refusal(issuer, await sign(elsewhere, issuer.audienceClaims))).toMatch(/iss/);
    const hmac = await new SignJWT({ ...issuer.audienceClaims })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.kid })
      .setIssuer(issuer.policy.issuer)
      .setSubject('admin-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await refusal(issuer, hmac)).toMatch(/not signed with/);
    const [, body] = (await sign(issuer, issuer.audienceClaims)).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect(await refusal(issuer, unsigned)).not.toBe('accepted');
  });
});
