import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { ApiFunctionName } from '../../../functions/catalog';
import { startApiServer, type ApiServer } from '../../../local/api/api-server';
import { findFreePort } from '../../../local/dynamodb/free-port';
import { testAccountsPath, type TestAccount } from '../../../local/oidc/accounts';
import { WEB_CLIENT_ID, WEB_SCOPE } from '../../../local/oidc/local-provider';
import { localSignIn } from '../../../local/oidc/local-sign-in';

/** The API server with the local OpenID provider, as `npm start` runs it (handlers echo the event). */
export function useSignInServer(mode: 'development' | 'production' = 'development') {
  const state: { server?: ApiServer; dataDir?: string; accounts?: TestAccount[] } = {};
  beforeAll(async () => {
    state.dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-oidc-'));
    const port = await findFreePort();
    const signIn = await localSignIn({ dataDir: state.dataDir, ports: { api: port }, mode });
    state.server = await startApiServer({
      signingKey: signIn.signingKey,
      openIdProvider: signIn.openIdProvider,
      port,
      handlerOf: (_name: ApiFunctionName) =>
        Promise.resolve(async (event: unknown) => ({ statusCode: 200, body: JSON.stringify(event) })),
    });
    if (mode === 'development') {
      state.accounts = JSON.parse(await readFile(testAccountsPath(state.dataDir), 'utf8')) as TestAccount[];
    }
  });
  afterAll(async () => {
    await state.server?.close();
    if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
  });
  return state;
}

/** A browser's cookie jar, enough for one origin. */
class Cookies {
  private readonly jar = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header = () => [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/**
 * The authorization-code flow with PKCE as the pages run it, by hand: to the provider's login
 * page, the form posted, the redirects followed back to the pages with a code.
 */
export async function signInByForm(
  origin: string,
  login: { username: string; password: string },
  options: { challenge?: string | undefined; withoutPkce?: boolean } = {},
): Promise<{ loginStatus: number; code?: string; error?: string }> {
  const cookies = new Cookies();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, origin), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: cookies.header() },
    });
    cookies.take(response);
    return response;
  };
  const authorize = new URL('/oidc/auth', origin);
  authorize.search = new URLSearchParams({
    client_id: WEB_CLIENT_ID,
    response_type: 'code',
    redirect_uri: `${origin}/`,
    scope: WEB_SCOPE,
    state: 'st-1',
    ...(!options.withoutPkce && { code_challenge: options.challenge ?? '', code_challenge_method: 'S256' }),
  }).toString();
  let response = await go(authorize.href);
  let location = response.headers.get('location') ?? '';
  if (!location.includes('/oidc/interaction/')) {
    return { loginStatus: response.status, error: new URL(location, origin).searchParams.get('error') ?? '' };
  }
  await go(location);
  response = await go(location, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(login).toString(),
  });
  if (response.status !== 303) return { loginStatus: response.status };
  for (let hops = 0; hops < 5; hops++) {
    location = response.headers.get('location') ?? '';
    const url = new URL(location, origin);
    if (url.pathname === '/' && url.searchParams.has('code')) {
      return { loginStatus: 303, code: url.searchParams.get('code') ?? '' };
    }
    response = await go(url.href);
  }
  return { loginStatus: response.status, error: 'no code' };
}

export async function exchangeCode(origin: string, code: string, verifier: string) {
  const response = await fetch(`${origin}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${origin}/`,
      client_id: WEB_CLIENT_ID,
      code_verifier: verifier,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

export const POLICIES = fileURLToPath(new URL('../../../policies', import.meta.url));
