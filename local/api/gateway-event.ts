import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload } from 'jose';

/**
 * The event an API Gateway HTTP API (payload format 2.0) hands a Lambda integration, built
 * from a request the local server received, so that handlers cannot tell where they run.
 */

export interface ReceivedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  /** Everything after '?', as sent, without the '?'. */
  rawQueryString: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  protocol: string;
}

export interface MatchedRoute {
  /** `POST /claims/{claimId}/decision`. */
  routeKey: string;
  pathParameters: Record<string, string>;
}

export interface GatewayIdentity {
  requestId: string;
  accountId: string;
  apiId: string;
  receivedAt: Date;
}

/**
 * Claims as the HTTP API's JWT authorizer passes them on: strings, with an array flattened
 * to `[a b]` (what a handler on AWS receives for `cognito:groups`). Handlers must cope with
 * that form, so the local runtime gives them nothing easier.
 */
export function claimsAsGatewayPassesThem(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

/** `scope` claim → scopes; null without one, as for Cognito ID tokens. */
function scopesOf(payload: JWTPayload): string[] | null {
  return typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
}

/** Content types the HTTP API passes as text; anything else arrives base64-encoded. */
function isTextContent(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/javascript'
  );
}

/** Repeated keys are joined with commas, as the HTTP API does. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    parameters[key] = key in parameters ? `${parameters[key]},${value}` : value;
  }
  return parameters;
}

/** Header names lower-cased (node does that), repeated values joined; cookies go to `cookies`. */
function headersOf(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, the HTTP API's requestContext.time. */
function gatewayTime(at: Date): string {
  return (
    `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`
  );
}

export function gatewayEvent(
  request: ReceivedRequest,
  route: MatchedRoute,
  verifiedClaims: JWTPayload,
  identity: GatewayIdentity,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers = headersOf(request.headers);
  const host = headers.host ?? '127.0.0.1';
  const text = isTextContent(headers['content-type']);
  const hasBody = request.body.length > 0;
  const cookies = request.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const queryStringParameters = queryParameters(request.rawQueryString);
  const hasPathParameters = Object.keys(route.pathParameters).length > 0;
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies && cookies.length > 0 && { cookies }),
    headers,
    ...(queryStringParameters && { queryStringParameters }),
    ...(hasPathParameters && { pathParameters: route.pathParameters }),
    requestContext: {
      accountId: identity.accountId,
      apiId: identity.apiId,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: claimsAsGatewayPassesThem(verifiedClaims), scopes: scopesOf(verifiedClaims) },
      },
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: identity.requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: gatewayTime(identity.receivedAt),
      timeEpoch: identity.receivedAt.getTime(),
    },
    ...(hasBody && { body: text ? request.body.toString('utf8') : request.body.toString('base64') }),
    isBase64Encoded: hasBody && !text,
  };
}
