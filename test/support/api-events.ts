import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

/** Verified JWT claims as the HTTP API's JWT authorizer passes them (`cognito:groups` flattened). */
export type GatewayClaims = Record<string, string>;

/** The claims of a citizen's token: the subject is the hash of their ID number. */
export function citizenClaims(idNumberHash: string): GatewayClaims {
  return { sub: idNumberHash, 'cognito:groups': '[citizen]' };
}

/**
 * An API Gateway HTTP API (v2) event, as the gateway (or the local API server) hands it to a
 * handler; with `claims`, as for a route behind the JWT authorizer.
 */
export function apiEvent(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  claims?: GatewayClaims,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
  };
}
