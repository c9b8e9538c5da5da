import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger, metrics, tracer } from './observability';

/**
 * A state machine step as a Lambda handler, the Powertools way: traced, with the request's
 * context in every log line, metrics flushed after each invocation, and the input parsed with
 * zod before the step sees it (a bad input fails the step with a ParseError naming the field).
 */
export function stepHandler<S extends z.ZodType, R>(
  schema: S,
  step: (input: z.output<S>, context: Context) => Promise<R>,
): middy.MiddyfiedHandler<unknown, R, Error, Context> {
  return middy(step as (input: unknown, context: Context) => Promise<R>)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(parser({ schema }));
}
