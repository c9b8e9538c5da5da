import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { LocalSigningKey } from '../api/jwt-keys';
import { LOCAL_TOKEN_AUDIENCE } from '../api/jwt-keys';
import { accountClaims, subjectOf, type LocalAccounts } from './accounts';
import { answerInteraction, escape, INTERACTION_PATH } from './login-page';

/**
 * The local runtime's OpenID provider (the `oidc-provider` package), standing in for the Cognito
 * user pool's hosted sign-in. It is mounted on the API server at /oidc (one origin: the pages,
 * the sign-in and the API), signs with the data folder's key (local/api/jwt-keys.ts), and issues
 * to the web pages, by the authorization-code flow with PKCE only, access tokens shaped like
 * Cognito's: `token_use: access`, `client_id`, `cognito:groups`, `custom:region`,
 * `custom:idNumberHash`, with `aud` the API. Its own login page is local/oidc/login-page.ts.
 */

export const OIDC_MOUNT = '/oidc';
export const WEB_CLIENT_ID = 'crossclaim-web';
/** The resource indicator of the API: access tokens for it carry `aud: crossclaim-api`. */
export const API_RESOURCE = 'urn:crossclaim:api';
const API_SCOPE = 'api';
/** What the pages ask for: their identity claims, and the API. */
export const WEB_SCOPE = `openid profile ${API_SCOPE}`;
const ACCESS_TOKEN_TTL_SECONDS = 3600;

export interface LocalOpenIdProviderOptions {
  /** e.g. http://127.0.0.1:4100/oidc */
  issuer: string;
  signingKey: LocalSigningKey;
  accounts: LocalAccounts;
  /** Signs the provider's cookies: a secret of the data folder. */
  cookieSecret: string;
  /** Where the pages live, e.g. http://127.0.0.1:4100/ (callback and logout return). */
  webOrigins: readonly string[];
  /** Shown on the login page: where the test accounts are listed (development only). */
  testAccountsHint?: string;
}

export interface LocalOpenIdProvider {
  issuer: string;
  /** Answers a request under /oidc. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export function createLocalOpenIdProvider(options: LocalOpenIdProviderOptions): LocalOpenIdProvider {
  const { accounts } = options;
  const configuration: Configuration = {
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        // A public client: the pages hold no secret; PKCE protects the code.
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: options.webOrigins.map((origin) => `${origin}/`),
        post_logout_redirect_uris: options.webOrigins.map((origin) => `${origin}/`),
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [options.signingKey.privateJwk as never] },
    cookies: { keys: [options.cookieSecret] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', API_SCOPE],
    claims: {
      openid: ['sub'],
      profile: ['name', 'cognito:groups', 'custom:region', 'custom:idNumberHash'],
    },
    // The pages read the caller's role from the ID token, as they would Cognito's.
    conformIdTokenClaims: false,
    features: {
      // The package's own development login accepts any name: never.
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return {
            scope: API_SCOPE,
            audience: LOCAL_TOKEN_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    ttl: { AccessToken: ACCESS_TOKEN_TTL_SECONDS, Session: 8 * 3600, Grant: 8 * 3600, Interaction: 600 },
    interactions: { url: (_ctx, interaction) => `${OIDC_MOUNT}${INTERACTION_PATH}/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.bySubject(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: account.name, ...accountClaims(account) }),
      };
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const account = accounts.bySubject(token.accountId);
      return account && { ...accountClaims(account), token_use: 'access' };
    },
    // The pages are crossclaim's own: signing in grants them the API, nobody is asked to consent.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(WEB_SCOPE);
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><meta charset="utf-8"><title>登录出错 Sign-in error</title><p>${escape(
        String(out.error_description ?? out.error),
      )}</p>`;
    },
  };
  const provider = new Provider(options.issuer, configuration);
  const callback = provider.callback();

  return {
    issuer: options.issuer,
    async handle(request, response) {
      const path = (request.url ?? '/').slice(OIDC_MOUNT.length) || '/';
      if (path.startsWith(INTERACTION_PATH)) {
        await answerInteraction(provider, request, response, {
          signIn: (username, password) => accounts.signIn(username, password),
          subjectOf,
          ...(options.testAccountsHint && { hint: options.testAccountsHint }),
        });
        return;
      }
      // The provider routes below its issuer's path, and finds its mount from originalUrl, as
      // when Express strips a mount path.
      (request as IncomingMessage & { originalUrl?: string }).originalUrl = request.url;
      request.url = path;
      callback(request, response);
    },
  };
}
