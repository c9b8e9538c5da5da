import './origin-check';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { cameThroughCloudFront } from '../../adapters/origin-secret';
import { InvalidInputError } from '../../domain/validation';
import { audienceOf, audienceOfRole, requireCaller, type Caller, type CallerOf, type Role } from './auth';
import { recordCaseRead, type CaseReadingRoute } from './case-reads';
import { HttpError } from './http-errors';
import {
  answerFor,
  badRequest,
  errorResponse,
  jsonBodyOf,
  parseBody,
  parseHeaders,
  parsePathParameters,
  parseQuery,
  type HttpResult,
} from './http';

/**
 * The middy middlewares an HTTP API route runs through (./route-handler.ts puts them together):
 * the origin check, the caller's authentication against the route's roles, the parsing of each
 * part of the request with the route's schemas, the recording of a staff read of a case, the
 * final view policy, and the errors mapped to answers in `onError`. Each takes what it needs
 * from the route's entry in the route table (functions/api-routes.ts).
 */

/** What of a route table entry the middlewares read (functions/api-routes.ts ApiRoute). */
export interface RouteSpec extends CaseReadingRoute {
  roles: readonly Role[];
  request: { params?: z.ZodType; query?: z.ZodType; headers?: z.ZodType; body?: z.ZodType };
}

type RequestPart = keyof RouteSpec['request'];

/** A part of the request as the route's schema makes it, or `undefined` where the route has none. */
export type PartOf<R extends RouteSpec, K extends RequestPart> = R['request'] extends {
  [P in K]: infer S extends z.ZodType;
}
  ? z.output<S>
  : undefined;

/** The caller of a route: one of its roles. */
export type CallerOfRoute<R extends RouteSpec> = CallerOf<R['roles'][number]>;

/** What a route's handler is given: the authenticated caller and each part of the request, parsed. */
export interface RouteInput<R extends RouteSpec, B = PartOf<R, 'body'>> {
  caller: CallerOfRoute<R>;
  params: PartOf<R, 'params'>;
  query: PartOf<R, 'query'>;
  headers: PartOf<R, 'headers'>;
  body: B;
  event: APIGatewayProxyEventV2;
  context: Context;
}

/** How a route departs from parsing its parts with its schemas alone. */
export interface RouteOptions<R extends RouteSpec, B> {
  /**
   * Parses the body (the JSON document) in place of the route's schema: for a body whose kind is
   * told apart by its fields, whose bad fields are named per kind. Throws InvalidInputError.
   */
  body?: (json: unknown) => B;
  /**
   * The route's own check of the caller against the path, before the query, the headers and the
   * body are parsed (a hospital posting under another's path is 403 whatever it sent).
   */
  authorize?: (input: { caller: CallerOfRoute<R>; params: PartOf<R, 'params'> }) => void;
}

type Request = middy.Request<APIGatewayProxyEventV2, HttpResult, Error, Context>;
type Middleware = middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult, Error, Context>;

/** Where the middlewares leave the request's parts for the handler: on this request's own context. */
const ROUTE_INPUT = Symbol('crossclaim.routeInput');
type Parsed = Partial<Record<'caller' | RequestPart, unknown>>;
type ContextWithInput = Context & { [ROUTE_INPUT]?: Parsed };

function parsedOf(request: Request): Parsed {
  const context = request.context as ContextWithInput;
  if (Object.prototype.hasOwnProperty.call(context, ROUTE_INPUT) && context[ROUTE_INPUT])
    return context[ROUTE_INPUT];
  // The first middleware to write gives the request a context of its own (one that inherits the
  // Lambda context's fields), so no two requests given the same context object share their parts.
  const parsed: Parsed = {};
  request.context = Object.assign(Object.create(context) as Context, { [ROUTE_INPUT]: parsed });
  return parsed;
}

/** The caller the authentication middleware found, if the request went through it. */
function authenticatedCaller(request: Request): Caller | undefined {
  return (request.context as ContextWithInput)[ROUTE_INPUT]?.caller as Caller | undefined;
}

/** The handler's input, as the middlewares left it. */
export function routeInputOf<R extends RouteSpec, B>(
  event: APIGatewayProxyEventV2,
  context: Context,
): RouteInput<R, B> {
  const parsed = (context as ContextWithInput)[ROUTE_INPUT] ?? {};
  return { ...parsed, event, context } as RouteInput<R, B>;
}

/** On AWS only CloudFront (and its web ACL) may call: not the execute-api URL directly. 403 first. */
export const originCheck = (): Middleware => ({
  before: (request) => {
    if (!cameThroughCloudFront(request.event.headers ?? {}))
      throw new HttpError(403, 'forbidden', 'requests must come through the crossclaim web address');
  },
});

/** The caller, who must hold one of the route's roles: 401 without a usable token, 403 for another role. */
export const authentication = (route: Pick<RouteSpec, 'roles'>): Middleware => ({
  before: (request) => {
    parsedOf(request).caller = requireCaller(request.event, route.roles);
  },
});

/**
 * Each part of the request parsed with the route's schema, in the order path, (the route's own
 * check), query string, headers, body; the first bad part is a 400 naming it (`in`) and every
 * bad field in it, before the handler runs and so before anything is changed. A route without
 * a schema for a part leaves it unread (a binary body is the handler's to read).
 */
export const requestParsing = <R extends RouteSpec, B>(
  route: R,
  options: RouteOptions<R, B> = {},
): Middleware => ({
  before: (request) => {
    const { event } = request;
    const { params, query, headers, body } = route.request;
    const parsed = parsedOf(request);
    if (params) parsed.params = parsePathParameters(event, params);
    options.authorize?.(parsed as Parameters<NonNullable<typeof options.authorize>>[0]);
    if (query) parsed.query = parseQuery(event, query);
    if (headers) parsed.headers = parseHeaders(event, headers);
    if (options.body) parsed.body = options.body(jsonBodyOf(event));
    else if (body) parsed.body = parseBody(event, body);
  },
});

/**
 * A route marked `caseRead` records a staff member's read of the case after a 2xx answer and
 * before it leaves (./case-reads.ts): a read that cannot be recorded fails and shows nothing.
 */
export const caseReadRecording = (route: CaseReadingRoute | undefined): Middleware => ({
  after: async (request) => {
    const status = request.response?.statusCode ?? 200;
    if (route?.caseRead && status >= 200 && status < 300)
      await recordCaseRead(request.event, route, authenticatedCaller(request));
  },
});

/**
 * Every success answer passes the final view policy for its caller's audience (./http.ts
 * answerFor): the authenticated caller's, or, behind a handler that authenticates nobody, the
 * token's if it has a usable one.
 */
export const viewPolicy = (): Middleware => ({
  after: (request) => {
    if (!request.response) return;
    const caller = authenticatedCaller(request);
    const audience = caller ? audienceOfRole(caller.role) : audienceOf(request.event);
    request.response = answerFor(request.response, audience);
  },
});

/**
 * Bad input is a 400 naming the part and its fields (`{ error, message, in, issues }`), a route's
 * deliberate answer (HttpError: 401, 403, 404, 409, …) is `{ error, message }`; anything else is
 * left thrown, as a failure of the function (500 at the gateway).
 */
export const httpErrors = (): Middleware => ({
  onError: (request) => {
    const { error } = request;
    if (error instanceof InvalidInputError) return badRequest(error.issues, error.subject);
    if (error instanceof HttpError) return errorResponse(error);
    return undefined;
  },
});
