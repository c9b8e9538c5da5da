import { Readable } from 'node:stream';

/**
 * An AWS SDK v3 request handler that answers from the test instead of the network: the client
 * still signs, serializes and deserializes, so a test sees the HTTP request the SDK would send
 * (method, path, headers, body) and the adapter sees a real response parsed by the SDK.
 */

export interface SentRequest {
  method: string;
  hostname: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: string;
}

export interface FakeResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface HttpRequestLike {
  method: string;
  hostname: string;
  path: string;
  query?: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}

async function bodyText(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  }
  return String(body);
}

export function fakeHttp(answer: (request: SentRequest) => FakeResponse) {
  const sent: SentRequest[] = [];
  return {
    sent,
    requestHandler: {
      async handle(request: HttpRequestLike) {
        const seen: SentRequest = {
          method: request.method,
          hostname: request.hostname,
          path: request.path,
          query: request.query ?? {},
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
          ),
          body: await bodyText(request.body),
        };
        sent.push(seen);
        const { statusCode, headers = {}, body = '' } = answer(seen);
        return { response: { statusCode, headers, body: Readable.from([Buffer.from(body)]) } };
      },
    },
  };
}

/** Static credentials and a region, so the client never looks for real ones. */
export const FAKE_AWS = {
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
} as const;
