import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

/**
 * The one check of a bearer token, for both runtimes: the signature against the issuer's JWKS,
 * the issuer, the audience, the expiry, and that it is an access token. Locally local/api runs it
 * on every request (the issuer is the local OpenID provider, local/oidc/); on AWS the HTTP API's
 * JWT authorizer checks the signature, issuer and audience of the same Cognito tokens with the
 * same settings (infra/constructs/api.ts) and requireCaller (auth.ts) checks `token_use` again,
 * since the authorizer would take an ID token whose `aud` is the app client.
 *
 * Audience: an access token of the local provider carries `aud`; Cognito's access tokens carry
 * no `aud` but `client_id` (the app client): either must be the configured audience.
 */

/** What a token must satisfy, per runtime (see cognitoTokenPolicy, and local/oidc for the local one). */
export interface AccessTokenPolicy {
  issuer: string;
  audience: string;
  /** The issuer's keys: a JWK Set, or its URL (fetched and cached, as the gateway does). */
  jwks: JSONWebKeySet | URL;
  /** The clock; tests move it. */
  now?: () => Date;
}

/** Cognito's issuer and key set for a user pool, and its app client as the audience. */
export function cognitoTokenPolicy(options: {
  region: string;
  userPoolId: string;
  clientId: string;
  jwks?: JSONWebKeySet;
}): AccessTokenPolicy {
  const issuer = `https://cognito-idp.${options.region}.amazonaws.com/${options.userPoolId}`;
  return {
    issuer,
    audience: options.clientId,
    jwks: options.jwks ?? new URL(`${issuer}/.well-known/jwks.json`),
  };
}

/** A token that is not accepted, and why, in words for the person holding it. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejected';
}

/** Cognito signs with RS256, the local provider with ES256; `none` and HMAC never. */
const ALGORITHMS = ['RS256', 'ES256'];

export type AccessTokenVerifier = (token: string) => Promise<JWTPayload>;

export function createAccessTokenVerifier(policy: AccessTokenPolicy): AccessTokenVerifier {
  const keys: JWTVerifyGetKey =
    policy.jwks instanceof URL ? createRemoteJWKSet(policy.jwks) : createLocalJWKSet(policy.jwks);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: policy.issuer,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
        ...(policy.now && { currentDate: policy.now() }),
      }));
    } catch (error) {
      throw new TokenRejectedError(whyRejected(error), { cause: error });
    }
    if (payload.token_use !== 'access') {
      throw new TokenRejectedError(
        `the token is ${payload.token_use === 'id' ? 'an ID token' : 'not an access token'}: send the access token`,
      );
    }
    const audiences = [payload.aud ?? [], payload.client_id ?? []].flat();
    if (!audiences.includes(policy.audience)) {
      throw new TokenRejectedError('the token is for another audience');
    }
    return payload;
  };
}

function whyRejected(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'the token was signed by a key the issuer does not have';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token’s signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return `the token is not signed with ${ALGORITHMS.join(' or ')}`;
  if (error instanceof errors.JOSEError) return 'the token is not a well-formed JWT';
  throw error;
}
