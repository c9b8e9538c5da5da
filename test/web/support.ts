import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { hashIdNumber } from '../../domain/identity';
import { startApiServer, type ApiServer } from '../../local/api/api-server';
import { openLocalSigningKey, type LocalSigningKey } from '../../local/api/jwt-keys';
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
  let dataDir: string | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await buildWebIfStale();
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-web-'));
    key = await openLocalSigningKey(dataDir);
    const { rt } = wf;
    server = await startApiServer({
      signingKey: key,
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
    if (!browser || !server || !key) throw new Error('the web harness is not started (used outside a test?)');
    return { browser, server, key };
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

/** Signs in on the local sign-in page as a citizen (ID number and name) or staff (id and region). */
export async function signIn(
  page: Page,
  who:
    | { role: 'citizen'; idNumber: string; name: string }
    | { role: 'clerk' | 'supervisor'; sub: string; region: string },
): Promise<void> {
  await page.goto('/#/sign-in');
  const roleLabel = { citizen: '参保人', clerk: '经办人', supervisor: '主管' }[who.role];
  await page.getByRole('radio', { name: roleLabel }).check();
  if (who.role === 'citizen') {
    await page.getByLabel('身份证号').fill(who.idNumber);
    await page.getByLabel('姓名').fill(who.name);
  } else {
    await page.getByLabel('工号').fill(who.sub);
    await page.getByLabel('统筹区编码').fill(who.region);
  }
  await page.getByRole('button', { name: '登录' }).click();
  await poll(() => page.getByTestId('who').textContent()).toContain(
    who.role === 'citizen' ? who.name : who.sub,
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
