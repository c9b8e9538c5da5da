import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { allowedHosts, checkHost } from './http-guard';
import { listenOnLoopback } from './loopback-listen';

// The AWS JSON protocol as the local stand-ins serve it (the Step Functions API and the
// EventBridge API): POST / with `X-Amz-Target: <Service>.<Operation>` and a JSON body, errors as
// HTTP 4xx/5xx with `__type`. An unmodified AWS SDK client with `endpoint` set to the server's
// url talks to it (signatures are not checked: it binds to loopback, a development stand-in).
// What differs per service is only which operations it answers and how.

export interface AwsJsonReply {
  status: number;
  body: Record<string, unknown>;
}

/** An operation's request: its target, its parsed JSON body (undefined when empty), the caller's SigV4 header. */
export interface AwsJsonRequest {
  target: string | undefined;
  body: unknown;
  authorization: string | undefined;
}

export interface AwsJsonServerOptions {
  /** `application/x-amz-json-1.0` or `-1.1`, as the service's SDK client expects. */
  contentType: string;
  /** Anything larger is no valid request of the service. */
  maxBodyBytes: number;
  /** The status a too-large body gets (the services differ). */
  tooLargeStatus: 400 | 413;
  answer(request: AwsJsonRequest): Promise<AwsJsonReply>;
  /** The reply to an error nothing above expected (logged by the caller). */
  onUnexpected(error: unknown): AwsJsonReply;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default: no authentication here. */
  host?: string;
}

export interface AwsJsonServer {
  /** e.g. http://127.0.0.1:41234, the SDK's `endpoint`. */
  url: string;
  close(): Promise<void>;
}

export function failure(status: number, type: string, message: string): AwsJsonReply {
  return { status, body: { __type: type, message } };
}

export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<AwsJsonServer> {
  let hosts = new Set<string>();
  const server = createServer((request, response) => {
    // A page on another name rebound to 127.0.0.1 gets nothing (local/http-guard.ts).
    const misdirected = checkHost(request.headers, hosts);
    if (misdirected) {
      send(response, options, failure(misdirected.status, 'MisdirectedRequest', misdirected.body.message));
      return;
    }
    answer(request, options)
      .catch((error: unknown) => options.onUnexpected(error))
      .then((reply) => send(response, options, reply));
  });
  const listening = await listenOnLoopback(server, options);
  hosts = allowedHosts(
    listening.port,
    options.host === undefined ? [] : [`${options.host}:${listening.port}`],
  );
  return { url: listening.url, close: listening.close };
}

async function answer(request: IncomingMessage, options: AwsJsonServerOptions): Promise<AwsJsonReply> {
  if (request.method !== 'POST') return failure(405, 'UnknownOperationException', 'Only POST is supported');
  const text = await readBody(request, options.maxBodyBytes);
  if (text === undefined)
    return failure(options.tooLargeStatus, 'ValidationException', 'Request body is too large');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    return failure(400, 'SerializationException', 'Request body is not valid JSON');
  }
  const target = request.headers['x-amz-target'];
  return options.answer({
    target: typeof target === 'string' ? target : undefined,
    body,
    authorization: request.headers.authorization,
  });
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, options: AwsJsonServerOptions, reply: AwsJsonReply): void {
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': options.contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(body);
}
