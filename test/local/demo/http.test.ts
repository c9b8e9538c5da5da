import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requestJson, SystemUnreachableError, whileRefused } from '../../../local/demo/http';

/** A free loopback port: listened on once, then closed, so nothing answers there now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the demo waits for a restarting service instead of giving up', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('a refused connection is retried until the service listens again', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/ping`;
    const first = await requestJson('the test service', url).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(SystemUnreachableError);
    expect((first as SystemUnreachableError).refused).toBe(true);

    let attempts = 0;
    setTimeout(() => {
      server = createServer((_req, res) => res.end('{"ok":true}'));
      server.listen(port, '127.0.0.1');
    }, 700);
    const answer = await whileRefused(
      () => {
        attempts++;
        return requestJson('the test service', url);
      },
      { patienceMs: 10_000 },
    );
    expect(answer.body).toEqual({ ok: true });
    expect(attempts).toBeGreaterThan(1);
  });

  it('gives up after its patience, and never retries a request that reached the service', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(
      whileRefused(() => requestJson('the test service', `http://127.0.0.1:${port}/`), { patienceMs: 600 }),
    ).rejects.toBeInstanceOf(SystemUnreachableError);
    expect(Date.now() - started).toBeLessThan(5_000);

    let calls = 0;
    const reached = new SystemUnreachableError('timed out', {
      cause: new Error('The operation was aborted'),
    });
    await expect(
      whileRefused(
        () => {
          calls++;
          return Promise.reject(reached);
        },
        { patienceMs: 10_000 },
      ),
    ).rejects.toBe(reached);
    expect(calls).toBe(1);
  });
});
