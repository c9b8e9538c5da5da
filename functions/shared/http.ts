import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { InvalidInputError, issuesFromZod, type InputIssue } from '../../domain/validation';
import { viewFor, type ViewAudience } from '../../domain/view-policy';
import type { HttpError } from './http-errors';

export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * 400 with every bad field named: `{ error, message, in, issues: [{ path, message }] }`, where
 * `in` says which part of the request the paths are in (request body, query string, …).
 */
export function badRequest(issues: readonly InputIssue[], part = 'request'): HttpResult {
  return json(400, { error: 'invalid_request', message: `the ${part} is not valid`, in: part, issues });
}

/** The body as the JSON document it must be; anything else throws InvalidInputError. */
export function jsonBodyOf(event: APIGatewayProxyEventV2): unknown {
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidInputError('request body', [{ path: '', message: 'must be a JSON document' }]);
  }
}

/** Parses a JSON body with a schema; a body that is not JSON or not valid throws InvalidInputError. */
export function parseBody<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.output<S> {
  const result = schema.safeParse(jsonBodyOf(event));
  if (!result.success) throw new InvalidInputError('request body', issuesFromZod(result.error));
  return result.data;
}

/** Path parameters (`/claims/{claimId}`) parsed with a schema; a bad one is a 400 naming it. */
export function parsePathParameters<S extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.output<S> {
  const result = schema.safeParse(event.pathParameters ?? {});
  if (!result.success) throw new InvalidInputError('path parameters', issuesFromZod(result.error));
  return result.data;
}

/**
 * The query string parsed with a schema. The HTTP API joins repeated keys with commas
 * (`?a=1&a=2` → `a: '1,2'`); schemas here take single values, so a repeated key is refused.
 */
export function parseQuery<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.output<S> {
  const result = schema.safeParse(event.queryStringParameters ?? {});
  if (!result.success) throw new InvalidInputError('query string', issuesFromZod(result.error));
  return result.data;
}

/**
 * The request headers parsed with a schema (the HTTP API gives their names in lower case); a bad
 * one is a 400 naming it as `headers.<name>`, as the API always has.
 */
export function parseHeaders<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.output<S> {
  const result = schema.safeParse(event.headers ?? {});
  if (!result.success) {
    // Named as written (`headers.idempotency-key`), not as a dotted path would quote them.
    const issues = result.error.issues.map((i) => ({
      path: ['headers', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw new InvalidInputError('request headers', issues);
  }
  return result.data;
}

/** `{ error, message }`, the body of every deliberate non-success answer (HttpError). */
export function errorResponse(error: HttpError): HttpResult {
  const challenge: Record<string, string> =
    error.statusCode === 401 ? { 'www-authenticate': 'Bearer realm="crossclaim"' } : {};
  return json(error.statusCode, { error: error.code, message: error.message }, challenge);
}

/**
 * A success answer as its audience may have it: every JSON body passes the view policy
 * (domain/view-policy.ts), whatever view built it. Errors carry no case data.
 */
export function answerFor(result: HttpResult, audience: ViewAudience): HttpResult {
  const type = result.headers?.['content-type'];
  const isJson = typeof type === 'string' && /json/.test(type);
  if (
    !isJson ||
    typeof result.body !== 'string' ||
    result.statusCode === undefined ||
    result.statusCode >= 300
  )
    return result;
  return { ...result, body: JSON.stringify(viewFor(JSON.parse(result.body) as unknown, audience)) };
}
