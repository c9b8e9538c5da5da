import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { hashIdNumber } from '../../domain/identity';
import { startApiServer, type ApiServer } from '../../local/api/api-server';
import type { LocalSigningKey } from '../../local/api/jwt-keys';
import { findFreePort } from '../../local/dynamodb/free-port';
import type { LocalAccounts } from '../../local/oidc/accounts';
import { localSignIn } from '../../local/oidc/local-sign-in';
import { inProcessWorld } from '../../local/api/local-world';
import { WEB_DIST_DIR } from '../../local/api/web-assets';
import type { LocalRuntime } from '../../local/runtime';
import { buildWebIfStale } from '../../web/build-if-stale';
import { repoPath } from '../support/fixtures';
import { useClaimWorkflow } from '../workflows/support';

/**
 * The web pages in a real browser, for a test file: the claim workflow in process (the local
 * runtime on the run's DynamoDB Local), the local API server serving the built pages (web/dist,
 * built first if stale) with the local sign-in, and Debian's Chromium driven by playwright-core.
 * Chromium is told to stay off the network: these machines have none beyond loopback.
 */

/**
 * expect.poll with a wait fit for a browser on 2 shared cores (vitest's default is 1 s): pages
 * render after API calls, which queue behind the other test files' work.
 */
export function poll<T>(read: () => Promise<T> | T, options: { timeout?: number; interval?: number } = {}) {
  return expect.poll(read, { timeout: 15_000, interval: 100, ...options });
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

const CHROMIUM = process.env.CROSSCLAIM_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WebHarness {
  readonly rt: LocalRuntime;
  readonly url: string;
  readonly key: LocalSigningKey;
  /** The local OpenID provider's accounts: the tests register the people they sign in as. */
  readonly accounts: LocalAccounts;
  /** A fresh browser context (its own sessionStorage: one signed-in person) at a viewport. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** Bearer token for direct API calls from the test (set-up, and checking what the page says). */
  citizenToken(idNumber: string): Promise<string>;
  staffToken(role: 'clerk' | 'supervisor', sub: string, region?: string): Promise<string>;
  /** A JSON call to the local API. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

export function useWebHarness(): WebHarness {
  const wf = useClaimWorkflow();
  let browser: Browser | undefined;
  let server: ApiServer | undefined;
  let key: LocalSigningKey | undefined;
  let accounts: LocalAccounts | undefined;
  let dataDir: string | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await buildWebIfStale();
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-web-'));
    const port = await findFreePort();
    // As `npm start` runs it: the OpenID provider at /oidc on the API's origin, its issuer required.
    const signIn = await localSignIn({ dataDir, ports: { api: port }, mode: 'production' });
    key = signIn.signingKey;
    accounts = signIn.accounts;
    const { rt } = wf;
    server = await startApiServer({
      port,
      signingKey: key,
      openIdProvider: signIn.openIdProvider,
      webRoot: WEB_DIST_DIR,
      local: { world: inProcessWorld(rt.hospitals.simulator, rt.hospitals.generator) },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // playwright-core gives every launch a fresh temporary --user-data-dir of its own.
      args: CHROMIUM_ARGS,
      headless: true,
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const started = () => {
    if (!browser || !server || !key || !accounts) {
      throw new Error('the web harness is not started (used outside a test?)');
    }
    return { browser, server, key, accounts };
  };

  const harness: WebHarness = {
    get rt() {
      return wf.rt;
    },
    get url() {
      return started().server.url;
    },
    get key() {
      return started().key;
    },
    get accounts() {
      return started().accounts;
    },
    async context(viewport = DESKTOP) {
      const context = await started().browser.newContext({
        viewport,
        baseURL: started().server.url,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...(viewport.width < 500 && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
      });
      contexts.push(context);
      return context;
    },
    citizenToken: (idNumber) =>
      started().key.mintToken({ role: 'citizen', sub: hashIdNumber(idNumber), ttlSeconds: 600 }),
    staffToken: (role, sub, region = '330400') =>
      started().key.mintToken({ role, sub, region, ttlSeconds: 600 } as Parameters<
        LocalSigningKey['mintToken']
      >[0]),
    async call<T>(method: string, path: string, token: string, body?: unknown) {
      const response = await fetch(`${started().server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
    },
  };
  return harness;
}

export type Person =
  | { role: 'citizen'; idNumber: string; name: string }
  | { role: 'clerk' | 'supervisor' | 'agent'; sub: string; region: string }
  | { role: 'admin'; sub: string };

const passwords = new Map<string, string>();

/** The person's account at the local OpenID provider (made on first use, with a random password). */
async function accountOf(harness: WebHarness, who: Person): Promise<{ username: string; password: string }> {
  const username = who.role === 'citizen' ? `citizen-${who.idNumber}` : who.sub;
  let password = passwords.get(username);
  if (password === undefined) {
    password = randomBytes(9).toString('base64url');
    await harness.accounts.add({
      username,
      password,
      role: who.role,
      name: who.role === 'citizen' ? who.name : who.sub,
      ...(who.role === 'citizen' && { idNumber: who.idNumber }),
      ...((who.role === 'clerk' || who.role === 'supervisor' || who.role === 'agent') && {
        region: who.region,
      }),
    });
    passwords.set(username, password);
  }
  return { username, password };
}

/**
 * Signs in as the pages do: a page that needs a signed-in user sends the browser to the local
 * OpenID provider's own sign-in page; the test types the username and password there and is sent
 * back with a code (authorization code + PKCE). A citizen then says who they are on the claim form.
 */
export async function signIn(page: Page, who: Person, harness: WebHarness): Promise<void> {
  const login = await accountOf(harness, who);
  await page.goto(who.role === 'citizen' ? '/#/claims/new' : '/#/');
  // Polled, not page.waitForURL: the pages' redirect to the provider passes through navigations
  // the browser aborts (the hash route, then /oidc/auth), and waitForURL fails on an aborted one.
  await poll(() => page.url(), { timeout: 30_000 }).toMatch(/\/oidc\/interaction\//);
  await page.getByLabel('账号').fill(login.username);
  await page.getByLabel('密码').fill(login.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => url.pathname === '/' && !url.search, { timeout: 30_000 });
  if (who.role === 'citizen') {
    await page.getByLabel('身份证号').fill(who.idNumber);
    await page.getByLabel('姓名').fill(who.name);
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByLabel('选择医院').waitFor();
    await page.evaluate("location.hash = '#/claims'");
  }
  await poll(() => page.getByTestId('who').textContent()).toContain(
    who.role === 'citizen' ? who.name : who.sub,
  );
}

/** The access token the signed-in page holds (oidc-client-ts keeps the user in sessionStorage). */
export async function pageAccessToken(page: Page): Promise<string> {
  return String(
    await page.evaluate(
      `JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:')))).access_token`,
    ),
  );
}

const SCREENSHOTS = repoPath('docs/screenshots');

/** Saves the page as docs/screenshots/<name>-<desktop|phone>.png (linked from README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? DESKTOP.width;
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}-${width < 500 ? 'phone' : 'desktop'}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/** The same page at phone width in a second context of the same session, for its screenshot. */
export async function phoneScreenshot(
  harness: WebHarness,
  from: Page,
  name: string,
  ready: (page: Page) => Promise<void>,
): Promise<void> {
  const storage = await from.evaluate('JSON.stringify(Object.entries(sessionStorage))');
  const context = await harness.context(PHONE);
  await context.addInitScript(`for (const [k, v] of ${String(storage)}) sessionStorage.setItem(k, v);`);
  const page = await context.newPage();
  await page.goto(from.url());
  await ready(page);
  await screenshot(page, name);
  await context.close();
}
