import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { CaseReadingRoute } from './case-reads';
import type { HttpResult } from './http';
import {
  authentication,
  caseReadRecording,
  httpErrors,
  originCheck,
  requestParsing,
  routeInputOf,
  viewPolicy,
  type PartOf,
  type RouteInput,
  type RouteOptions,
  type RouteSpec,
} from './http-middlewares';
import { logger, metrics, traceHandler } from './observability';

export type { RouteInput, RouteOptions, RouteSpec } from './http-middlewares';

export type ApiLambda = middy.MiddyfiedHandler<APIGatewayProxyEventV2, HttpResult, Error, Context>;

type Middleware = middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult, Error, Context>;

/**
 * A route's middlewares around its handler, inside Powertools' logging, metrics and tracing.
 * Two stacks: the route's `onError` answers bad input and HttpErrors, so to the observability
 * stack outside they are answers like any other (its `after` runs; X-Ray sees no error), as when
 * the handlers caught them themselves.
 */
function observed(
  handle: (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>,
  middlewares: Middleware[],
): ApiLambda {
  const route = middy<APIGatewayProxyEventV2, HttpResult, Error, Context>(handle).use(middlewares);
  return middy(async (event: APIGatewayProxyEventV2, context: Context) => route(event, context))
    .use(traceHandler())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/**
 * An HTTP API route as a Lambda handler, driven by its entry in the route table: the origin
 * check (403), the caller authenticated against the entry's roles (401/403) before anything of
 * the request is read, the path, query string, headers and body parsed with its schemas (400
 * naming the part and each bad field, nothing changed), then the handler with them typed from
 * the entry; after a 2xx a `caseRead` route records a staff read of the case, and the answer
 * passes the final view policy. Bad input and HttpErrors become answers in `onError`.
 *
 *   export const fileAppeal = routeHandler(API_ROUTES.FileAppeal, async ({ caller, params, body }) => …);
 */
export function routeHandler<R extends RouteSpec, B = PartOf<R, 'body'>>(
  route: R,
  handle: (input: RouteInput<R, B>) => Promise<HttpResult>,
  options: RouteOptions<R, B> = {},
): ApiLambda {
  return observed(
    (event, context) => handle(routeInputOf<R, B>(event, context)),
    [
      httpErrors(),
      originCheck(),
      viewPolicy(),
      authentication(route),
      requestParsing(route, options),
      caseReadRecording(route),
    ],
  );
}

/**
 * A handler of its own making behind the same origin check, error answers, case-read recording
 * (given the route) and view policy, without authentication or parsing: what a test of that
 * plumbing needs. Every route of the API uses routeHandler.
 */
export function apiHandler(
  handle: (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>,
  route?: CaseReadingRoute,
): ApiLambda {
  return observed(handle, [httpErrors(), originCheck(), viewPolicy(), caseReadRecording(route)]);
}
