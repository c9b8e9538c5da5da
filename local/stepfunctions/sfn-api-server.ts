import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { allowedHosts, checkHost } from '../http-guard';
import type { AddressInfo } from 'node:net';
import { isSfnServiceError } from './errors';
import { silentLogger, type LocalSfnLogger } from './logger';
import type { LocalStepFunctions } from './runner';
import { describeValidationIssues } from './sfn-api-schemas';
import { sfnApiOperations } from './sfn-api-operations';

// The Step Functions API over HTTP, AWS JSON 1.0 protocol: POST / with
// `X-Amz-Target: AWSStepFunctions.<Operation>`, errors as HTTP 400 with `__type`. An unmodified
// @aws-sdk/client-sfn with `endpoint` set to `url` talks to it (signatures are not checked).

export interface SfnApiServerOptions {
  sfn: LocalStepFunctions;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default: this is a development stand-in with no authentication. */
  host?: string;
  logger?: LocalSfnLogger;
}

export interface SfnApiServer {
  /** e.g. http://127.0.0.1:41234 — the SDK's `endpoint`. */
  url: string;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Above the 256 KiB payload limit plus envelope; anything larger is not a valid request. */
const MAX_BODY_BYTES = 1024 * 1024;

interface ApiReply {
  status: number;
  body: Record<string, unknown>;
}

export async function startSfnApiServer(options: SfnApiServerOptions): Promise<SfnApiServer> {
  const logger = options.logger ?? silentLogger;
  let hosts = new Set<string>();
  const server = createServer((request, response) => {
    // A page on another name rebound to 127.0.0.1 gets nothing (local/http-guard.ts).
    const misdirected = checkHost(request.headers, hosts);
    if (misdirected) {
      send(response, failure(misdirected.status, 'MisdirectedRequest', misdirected.body.message));
      return;
    }
    answer(request, options.sfn, logger)
      .catch((error: unknown): ApiReply => {
        logger({ level: 'error', message: 'SFN API request failed unexpectedly', error });
        return failure(500, 'InternalFailure', 'Internal failure of the local Step Functions');
      })
      .then((reply) => send(response, reply));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  hosts = allowedHosts(port, options.host === undefined ? [] : [`${options.host}:${port}`]);
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}

async function answer(
  request: IncomingMessage,
  sfn: LocalStepFunctions,
  logger: LocalSfnLogger,
): Promise<ApiReply> {
  if (request.method !== 'POST') return failure(405, 'UnknownOperationException', 'Only POST is supported');
  const target = request.headers['x-amz-target'];
  const operationName =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = sfnApiOperations[operationName];
  if (!operation) return failure(400, 'UnknownOperationException', `Unknown operation: ${String(target)}`);

  const text = await readBody(request);
  if (text === undefined) return failure(400, 'ValidationException', 'Request body is too large');
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    return failure(400, 'SerializationException', 'Request body is not valid JSON');
  }
  const parsed = operation.schema.safeParse(body);
  if (!parsed.success) return failure(400, 'ValidationException', describeValidationIssues(parsed.error));

  try {
    return { status: 200, body: await operation.handle(sfn, parsed.data) };
  } catch (error) {
    if (isSfnServiceError(error)) {
      logger({ level: 'debug', message: `${operationName} refused: ${error.name}`, reason: error.message });
      return failure(400, error.name, error.message);
    }
    throw error;
  }
}

function failure(status: number, type: string, message: string): ApiReply {
  return { status, body: { __type: type, message } };
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: ApiReply): void {
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(body);
}
