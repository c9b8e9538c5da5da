import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { API_ROUTES, type ApiRoute } from '../../functions/api-routes';
import type { ApiFunctionName } from '../../functions/catalog';
import { loadHandler, localFunctionArn } from '../../local/claim-workflow';
import { createLambdaContext } from '../../local/stepfunctions/lambda-context';

/** Verified token claims as the HTTP API's JWT authorizer passes them; undefined: no token. */
export type TokenClaims = Record<string, string> | undefined;

export const citizenToken = (idNumberHash: string): Record<string, string> => ({
  sub: idNumberHash,
  'cognito:groups': '[citizen]',
});
export const staffToken = (
  role: 'clerk' | 'supervisor' | 'admin' | 'agent',
  sub: string,
  region?: string,
): Record<string, string> => ({
  sub,
  'cognito:groups': `[${role}]`,
  ...(region && { 'custom:region': region }),
});
export const hospitalToken = (code: string): Record<string, string> => ({
  sub: `svc-${code}`,
  'cognito:groups': '[hospital]',
  'custom:hospital': code,
});

export interface RouteCall {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON-encoded unless a string; a Buffer goes base64 as binary. */
  body?: unknown;
  contentType?: string;
  token?: TokenClaims;
}

export interface RouteAnswer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

/**
 * Calls a route's real handler in-process with the API Gateway v2 event the HTTP API (or the
 * local API server) would give it: no HTTP, so thousands of calls fit in seconds. Like the
 * gateway, a route without a token never reaches the handler (401).
 */
export async function callRoute(name: ApiFunctionName, call: RouteCall = {}): Promise<RouteAnswer> {
  const route: ApiRoute = API_ROUTES[name];
  if (call.token === undefined) return { status: 401, body: { error: 'unauthorized' }, text: '' };
  const params = call.params ?? {};
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_m, key: string) =>
    encodeURIComponent(params[key] ?? ''),
  );
  const query = call.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const binary = Buffer.isBuffer(call.body);
  const body =
    call.body === undefined
      ? undefined
      : binary
        ? (call.body as Buffer).toString('base64')
        : typeof call.body === 'string'
          ? call.body
          : JSON.stringify(call.body);
  const event = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString,
    headers: { 'content-type': call.contentType ?? 'application/json' },
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(Object.keys(params).length > 0 && { pathParameters: params }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: call.token, scopes: null } },
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: {
        method: route.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 't',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body !== undefined && { body }),
    isBase64Encoded: binary,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const handler = await loadHandler(name);
  const context = createLambdaContext({
    functionArn: localFunctionArn(name, 'cn-north-1', '000000000000'),
    functionName: `crossclaim-${name}`,
    deadline: Date.now() + 30_000,
  });
  const result = (await handler(event, context)) as {
    statusCode?: number;
    body?: string;
    isBase64Encoded?: boolean;
  };
  const text = result.isBase64Encoded ? '' : (result.body ?? '');
  let parsed: Record<string, unknown>;
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = {};
  }
  return { status: result.statusCode ?? 200, body: parsed, text };
}
