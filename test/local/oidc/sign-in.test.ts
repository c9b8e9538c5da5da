import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { callerFromClaims } from '../../../functions/shared/auth';
import { claimsAsGatewayPassesThem } from '../../../local/api/gateway-event';
import { exchangeCode, pkcePair, signInByForm, useSignInServer } from './support';

describe('the local OpenID provider: authorization code + PKCE, tokens shaped like Cognito’s', () => {
  const system = useSignInServer('development');
  const origin = () => system.server!.url;
  const account = (username: string) => system.accounts!.find((a) => a.username === username)!;

  it.each(['citizen-1', 'clerk-330400', 'supervisor-330500', 'admin'])(
    '%s signs in on the provider’s page; its access token works on the API, its ID token does not',
    async (username) => {
      const { verifier, challenge } = pkcePair();
      const login = account(username);
      const signedIn = await signInByForm(origin(), login, { challenge });
      expect(signedIn).toMatchObject({ code: expect.any(String) });
      const tokens = await exchangeCode(origin(), signedIn.code!, verifier);
      expect(tokens.status).toBe(200);

      const access = decodeJwt(tokens.body.access_token!);
      expect(access).toMatchObject({
        iss: `${origin()}/oidc`,
        aud: 'crossclaim-api',
        client_id: 'crossclaim-web',
        token_use: 'access',
        'cognito:groups': [login.role],
      });
      const found = callerFromClaims(claimsAsGatewayPassesThem(access));
      expect(found).toMatchObject({ caller: { role: login.role } });
      if (login.role === 'clerk' || login.role === 'supervisor') {
        expect(found).toMatchObject({ caller: { region: login.region } });
      }
      if (login.role === 'citizen') expect(access.sub).toMatch(/^sha256:[0-9a-f]{64}$/);

      const call = (token: string) =>
        fetch(`${origin()}/claims`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await call(tokens.body.access_token!)).toBe(200);
      expect(await call(tokens.body.id_token!)).toBe(401);
    },
  );

  it('a wrong password gets the page again with 401, and no code', async () => {
    const { challenge } = pkcePair();
    const outcome = await signInByForm(origin(), { username: 'admin', password: 'guess' }, { challenge });
    expect(outcome).toEqual({ loginStatus: 401 });
  });

  it('refuses an authorization request without PKCE', async () => {
    const outcome = await signInByForm(origin(), account('admin'), { withoutPkce: true });
    expect(outcome.code).toBeUndefined();
    expect(outcome.error).toBe('invalid_request');
  });

  it('refuses to exchange a code without the PKCE verifier it was issued for', async () => {
    const { challenge } = pkcePair();
    const signedIn = await signInByForm(origin(), account('admin'), { challenge });
    const tokens = await exchangeCode(origin(), signedIn.code!, pkcePair().verifier);
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  it('tells the pages where to sign in (/auth-config.json)', async () => {
    const config = (await (await fetch(`${origin()}/auth-config.json`)).json()) as Record<string, string>;
    expect(config).toEqual({
      authority: `${origin()}/oidc`,
      clientId: 'crossclaim-web',
      scope: 'openid profile api',
    });
  });

  it('has no development login that takes any name', async () => {
    expect(system.accounts!.length).toBeGreaterThan(0);
    const outcome = await signInByForm(origin(), { username: 'nobody', password: 'x' }, pkcePair());
    expect(outcome.loginStatus).toBe(401);
  });
});

describe('the local OpenID provider in production mode', () => {
  const system = useSignInServer('production');
  it('has no test accounts', async () => {
    const outcome = await signInByForm(system.server!.url, { username: 'admin', password: 'x' }, pkcePair());
    expect(outcome.loginStatus).toBe(401);
    expect(system.accounts).toBeUndefined();
  });
});
