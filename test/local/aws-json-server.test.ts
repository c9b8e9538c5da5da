import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failure,
  startAwsJsonServer,
  type AwsJsonRequest,
  type AwsJsonServer,
} from '../../local/aws-json-server';

describe('the AWS JSON protocol server the local stand-ins share', () => {
  let server: AwsJsonServer;
  const seen: AwsJsonRequest[] = [];

  beforeAll(async () => {
    server = await startAwsJsonServer({
      contentType: 'application/x-amz-json-1.1',
      maxBodyBytes: 64,
      tooLargeStatus: 413,
      answer: async (request) => {
        seen.push(request);
        if (request.target === 'Test.Explode') throw new Error('boom');
        return { status: 200, body: { echoed: request.body ?? null } };
      },
      onUnexpected: () => failure(500, 'InternalFailure', 'unexpected'),
    });
  });
  afterAll(() => server.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', body, headers: { 'x-amz-target': 'Test.Echo', ...headers } });

  it('hands an operation its target, parsed body and authorization, and answers in the content type', async () => {
    const response = await post('{"a":1}', { authorization: 'AWS4-HMAC-SHA256 Credential=x' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({ echoed: { a: 1 } });
    expect(seen.at(-1)).toMatchObject({
      target: 'Test.Echo',
      authorization: 'AWS4-HMAC-SHA256 Credential=x',
    });
  });

  it('refuses what is no request of the protocol before any operation sees it', async () => {
    const before = seen.length;
    expect((await fetch(server.url)).status).toBe(405);
    const tooLarge = await post(JSON.stringify({ text: 'x'.repeat(100) }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ __type: 'ValidationException' });
    const notJson = await post('{nope');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ __type: 'SerializationException' });
    expect(seen.length).toBe(before);
  });

  it('answers an unexpected failure with the service’s reply and an empty body as undefined', async () => {
    const exploded = await post('', { 'x-amz-target': 'Test.Explode' });
    expect(exploded.status).toBe(500);
    expect(seen.at(-1)?.body).toBeUndefined();
  });

  it('answers nothing to a request for another host name (a page rebound to 127.0.0.1)', async () => {
    const port = new URL(server.url).port;
    const before = seen.length;
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/', headers: { host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(seen.length).toBe(before);
  });
});
