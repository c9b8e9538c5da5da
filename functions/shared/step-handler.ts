import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ParsedResult } from '@aws-lambda-powertools/parser/types';
import { z } from 'zod';
import { InvalidInputError, type InputIssue } from '../../domain/validation';
import { logger, metrics, traceHandler } from './observability';
import { asStepError } from './unreachable-services';

/** The parser's failure carries Standard Schema issues as its cause: where, and why. */
function issuesOf(error: Error): InputIssue[] {
  const issues = (error.cause ?? []) as readonly { message: string; path?: readonly PropertyKey[] }[];
  return issues.map((issue) => ({ path: z.core.toDotPath(issue.path ?? []), message: issue.message }));
}

/**
 * A state machine step as a Lambda handler, the Powertools way: traced, with the request's
 * context in every log line, metrics flushed after each invocation, and the input parsed with
 * zod before the step sees it. A bad input fails the step with InvalidInputError (its `name`
 * is the Error a Catch sees) whose message names each bad field, not a bare "Failed to parse".
 * A service that did not answer fails it with ServiceUnreachable, which the state machine retries.
 *
 * `rawInput` middlewares see the step's input as the state machine sent it: they run before the
 * parser, which replaces the event with its parse result. Powertools idempotency goes there (its
 * key is a path into the input; after the parser it found no `claimId` and silently did nothing).
 */
export function stepHandler<S extends z.ZodType, R>(
  schema: S,
  step: (input: z.output<S>, context: Context) => Promise<R>,
  options: { rawInput?: readonly MiddlewareObj[] } = {},
) {
  const parsedStep = async (parsed: ParsedResult<unknown, z.output<S>>, context: Context): Promise<R> => {
    if (!parsed.success) throw new InvalidInputError(`${context.functionName} input`, issuesOf(parsed.error));
    try {
      return await step(parsed.data, context);
    } catch (error) {
      throw asStepError(error);
    }
  };
  return middy(parsedStep as unknown as (input: unknown, context: Context) => Promise<R>)
    .use(traceHandler())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use([...(options.rawInput ?? [])])
    .use(parser({ schema, safeParse: true }));
}
