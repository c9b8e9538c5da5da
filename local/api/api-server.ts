import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { attributeRequestsTo } from '../../adapters/dynamodb/request-counter';
import { API_ROUTE_LIST, routeKey, type ApiRoute } from '../../functions/api-routes';
import type { ApiFunctionName } from '../../functions/catalog';
import { loadHandler, localFunctionArn } from '../claim-workflow';
import { allowedHosts, checkHost } from '../http-guard';
import { listenOnLoopback } from '../loopback-listen';
import { OIDC_MOUNT, WEB_CLIENT_ID, WEB_SCOPE, type LocalOpenIdProvider } from '../oidc/local-provider';
import type { LocalLambdaHandler } from '../stepfunctions/lambda-registry';
import { createLambdaContext } from '../stepfunctions/lambda-context';
import { docsAsset, OPENAPI_PATH, type StaticAsset } from './docs-page';
import { gatewayEvent, type ReceivedRequest } from './gateway-event';
import { TokenRejectedError, type LocalSigningKey } from './jwt-keys';
import { LOCAL_PREFIX, localEndpoints, type LocalEndpointsOptions } from './local-endpoints';
import { openApiDocument } from './openapi-document';
import { BodyTooLargeError, readBody } from './request-body';
import { createRouteMatcher, type RouteMatch } from './route-matcher';
import { webAssets } from './web-assets';

/**
 * The HTTP API of the embedded default, on 127.0.0.1: what API Gateway's HTTP API with a JWT
 * authorizer does on AWS. It matches a request to the route table (functions/api-routes.ts),
 * verifies the bearer token (issuer, audience, expiry, signature), builds the payload 2.0 event
 * with the verified claims and calls the route's handler module in this process with a
 * Lambda-shaped context. Like the gateway, it checks only that the token is genuine: roles and
 * scopes are the handlers' business. It also serves /openapi.json, /docs and the JWKS.
 */

export interface ApiServer {
  /** e.g. http://127.0.0.1:3000 (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export type ApiServerLogger = (
  entry: { level: 'debug' | 'info' | 'warn' | 'error'; message: string } & Record<string, unknown>,
) => void;

export interface ApiServerOptions {
  signingKey: LocalSigningKey;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How the caller lets people choose the port, named when the port is taken. */
  portOption?: string;
  routes?: readonly ApiRoute[];
  /** The handler behind a route; by default the function's module, loaded as Lambda would. */
  handlerOf?: (name: ApiFunctionName) => Promise<LocalLambdaHandler>;
  region?: string;
  accountId?: string;
  /** Larger bodies are refused with 413; 1 MiB by default. */
  maxBodyBytes?: number;
  log?: ApiServerLogger;
  /** The built web pages (web/dist), served at / beside the API; none when absent. */
  webRoot?: string;
  /** The local-only endpoints under /local/ (sign-in, simulated hospitals); none when absent. */
  local?: LocalEndpointsOptions;
  /** More Host names (with port) to answer besides 127.0.0.1, localhost and [::1] (rebinding). */
  hosts?: readonly string[];
  /** The local OpenID provider, answering under /oidc (local/oidc/); none when absent. */
  openIdProvider?: LocalOpenIdProvider;
}

/** The port is taken; the message says which and how to choose another. */
export class ApiPortInUseError extends Error {
  override readonly name = 'ApiPortInUse';
  constructor(
    readonly port: number,
    portOption: string,
  ) {
    super(
      `the API cannot listen on 127.0.0.1:${port}: the port is in use. Choose another with ${portOption} <port> ` +
        `(0 picks a free one), or stop what holds it (ss -ltnp | grep :${port}).`,
    );
  }
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The HTTP API's integration timeout: a handler has at most this long. */
const INTEGRATION_TIMEOUT_MS = 30_000;
const JWKS_PATH = '/.well-known/jwks.json';
const AUTH_CONFIG_PATH = '/auth-config.json';

interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer | string;
}

const jsonAnswer = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

const assetAnswer = (asset: StaticAsset): HttpAnswer => ({
  statusCode: 200,
  headers: { 'content-type': asset.contentType, 'x-content-type-options': 'nosniff', ...asset.headers },
  body: asset.body,
});

function unauthorized(reason: string): HttpAnswer {
  return jsonAnswer(
    401,
    { error: 'unauthorized', message: reason },
    { 'www-authenticate': `Bearer realm="crossclaim", error="invalid_token"` },
  );
}

/**
 * What a payload 2.0 handler returned, as the gateway turns it into a response: a result with a
 * statusCode is taken as it is; anything else is a 200 with the value as JSON.
 */
function answerFromLambda(result: unknown): HttpAnswer {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
  }
  const structured = result as {
    statusCode?: number;
    headers?: Record<string, string | number | boolean>;
    cookies?: string[];
    body?: string;
    isBase64Encoded?: boolean;
  };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const text = structured.body ?? '';
  return {
    statusCode: structured.statusCode ?? 200,
    headers,
    body: structured.isBase64Encoded ? Buffer.from(text, 'base64') : text,
  };
}

const isUnder = (url: string | undefined, prefix: string): boolean =>
  url === prefix || (url ?? '').startsWith(`${prefix}/`) || (url ?? '').startsWith(`${prefix}?`);

function splitUrl(url: string | undefined): { rawPath: string; rawQueryString: string } {
  const target = url ?? '/';
  const at = target.indexOf('?');
  return at < 0
    ? { rawPath: target, rawQueryString: '' }
    : { rawPath: target.slice(0, at), rawQueryString: target.slice(at + 1) };
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const routes = options.routes ?? API_ROUTE_LIST;
  const region = options.region ?? 'cn-north-1';
  const accountId = options.accountId ?? '000000000000';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? (() => undefined);
  const matchRoute = createRouteMatcher(routes);
  const handlers = new Map<ApiFunctionName, Promise<LocalLambdaHandler>>();
  const handlerOf = (name: ApiFunctionName): Promise<LocalLambdaHandler> => {
    let handler = handlers.get(name);
    if (!handler) {
      handler = (options.handlerOf ?? loadHandler)(name);
      handlers.set(name, handler);
    }
    return handler;
  };
  // Built once: the route table does not change while the server runs.
  const openApiJson = JSON.stringify(openApiDocument(routes));
  const web = options.webRoot === undefined ? undefined : webAssets(options.webRoot);
  const local = options.local && localEndpoints(options.signingKey, options.local);

  async function builtIn(path: string): Promise<HttpAnswer | undefined> {
    if (path === OPENAPI_PATH) {
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: openApiJson,
      };
    }
    if (path === JWKS_PATH) return jsonAnswer(200, options.signingKey.jwks);
    if (path === AUTH_CONFIG_PATH && options.openIdProvider) {
      // The pages' sign-in settings (web/src/auth-config.ts): this server's own provider.
      return jsonAnswer(
        200,
        { authority: options.openIdProvider.issuer, clientId: WEB_CLIENT_ID, scope: WEB_SCOPE },
        { 'cache-control': 'no-cache' },
      );
    }
    const asset = await docsAsset(path);
    return asset && assetAnswer(asset);
  }

  async function authenticate(
    authorization: string | undefined,
  ): Promise<{ claims: JWTPayload } | { rejected: HttpAnswer }> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token)
      return { rejected: unauthorized('the request has no bearer token (Authorization: Bearer <jwt>)') };
    try {
      return { claims: await options.signingKey.verifyToken(token) };
    } catch (error) {
      if (error instanceof TokenRejectedError) return { rejected: unauthorized(error.message) };
      throw error;
    }
  }

  async function answer(request: IncomingMessage, requestId: string): Promise<HttpAnswer> {
    const method = request.method ?? 'GET';
    const { rawPath, rawQueryString } = splitUrl(request.url);
    if (method === 'GET') {
      const served = await builtIn(rawPath);
      if (served) return served;
    }
    if (local && rawPath.startsWith(LOCAL_PREFIX)) {
      const body = await readBody(request, DEFAULT_MAX_BODY_BYTES);
      const found = await local.answer(method, rawPath, body, request.headers.authorization, rawQueryString);
      if (found) return jsonAnswer(found.status, found.body, { 'cache-control': 'no-store' });
    }
    const match = matchRoute(method, rawPath);
    if (!match && method === 'GET' && web) {
      const asset = await web.assetAt(rawPath, request.headers.accept);
      if (asset) return assetAnswer(asset);
    }
    if (!match) return jsonAnswer(404, { error: 'not_found', message: `no route ${method} ${rawPath}` });

    let body: Buffer;
    try {
      body = await readBody(request, match.route.maxBodyBytes ?? maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return jsonAnswer(413, { error: 'payload_too_large', message: error.message });
      throw error;
    }
    const auth = await authenticate(request.headers.authorization);
    if ('rejected' in auth) return auth.rejected;

    const received: ReceivedRequest = {
      method,
      rawPath,
      rawQueryString,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      protocol: `HTTP/${request.httpVersion}`,
    };
    return invoke(
      match.route,
      gatewayEvent(received, routeOf(match), auth.claims, gatewayIdentity(requestId)),
    );
  }

  const routeOf = (match: RouteMatch<ApiRoute>) => ({
    routeKey: routeKey(match.route),
    pathParameters: match.pathParameters,
  });
  const gatewayIdentity = (requestId: string) => ({
    requestId,
    accountId,
    apiId: 'local',
    receivedAt: new Date(),
  });

  /** Calls the route's handler as the Lambda integration would, and answers as the gateway does. */
  async function invoke(
    route: ApiRoute,
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
  ): Promise<HttpAnswer> {
    const { functionName } = route;
    const context = createLambdaContext({
      functionArn: localFunctionArn(functionName, region, accountId),
      functionName: `crossclaim-${functionName}`,
      deadline: Date.now() + INTEGRATION_TIMEOUT_MS,
    });
    try {
      const handler = await handlerOf(functionName);
      return answerFromLambda(await attributeRequestsTo(context.functionName, () => handler(event, context)));
    } catch (error) {
      // The gateway's answer to a failed invocation; the cause stays in the log, not the response.
      const { requestId } = event.requestContext;
      log({
        level: 'error',
        message: 'handler failed',
        routeKey: event.routeKey,
        requestId,
        error: (error as Error).name,
      });
      return jsonAnswer(500, { message: 'Internal Server Error' });
    }
  }

  let hosts = new Set<string>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID();
    const started = Date.now();
    // Before anything else: a page on another name rebound to 127.0.0.1 gets nothing (http-guard.ts).
    const misdirected = checkHost(request.headers, hosts);
    const provider = options.openIdProvider;
    if (!misdirected && provider && isUnder(request.url, OIDC_MOUNT)) {
      provider.handle(request, response).catch((error: unknown) => {
        log({ level: 'error', message: 'sign-in request failed', requestId, error: (error as Error).name });
        if (!response.headersSent) response.writeHead(500).end();
      });
      return;
    }
    const answering = misdirected
      ? Promise.resolve(jsonAnswer(misdirected.status, misdirected.body))
      : answer(request, requestId);
    answering
      .catch((error: unknown): HttpAnswer => {
        log({ level: 'error', message: 'request failed', requestId, error: (error as Error).name });
        return jsonAnswer(500, { message: 'Internal Server Error' });
      })
      .then((result) => {
        response.writeHead(result.statusCode, { ...result.headers, 'apigw-requestid': requestId });
        response.end(result.body);
        log({
          level: 'debug',
          message: 'request',
          method: request.method,
          status: result.statusCode,
          ms: Date.now() - started,
        });
      })
      .catch(() => response.destroy());
  });

  const port = options.port ?? 0;
  const listening = await listenOnLoopback(server, {
    port,
    onListenError: (error) =>
      error.code === 'EADDRINUSE' ? new ApiPortInUseError(port, options.portOption ?? '--api-port') : error,
  });
  hosts = allowedHosts(listening.port, options.hosts);
  return listening;
}
