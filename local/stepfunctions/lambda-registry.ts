import type { Context } from 'aws-lambda';
import { lambdaFunctionNameOf } from './arns';

// Which in-process handler answers for which Lambda function. Registered by function ARN (the
// value CDK substitutes into the definition); looked up by ARN or by bare function name, since
// lambda:invoke's FunctionName may be either, with or without a qualifier.

/** The Lambda context a handler receives: the real type, so Powertools/middy handlers fit. */
export type LambdaLikeContext = Context;

export type LocalLambdaHandler<TEvent = unknown> = (
  event: TEvent,
  context: LambdaLikeContext,
) => Promise<unknown>;

export interface RegisteredLambda {
  functionArn: string;
  functionName: string;
  handler: LocalLambdaHandler;
}

/**
 * What the local Lambda stand-in ran, per function name, for the cost model (`crossclaim cost`):
 * invocations and the wall-clock milliseconds of each (Lambda bills duration per invocation).
 * Process-wide and additive; `resetLambdaUsage()` starts a new count.
 */
export const lambdaUsage = new Map<string, { invocations: number; billedMs: number; totalMs: number }>();
export const resetLambdaUsage = (): void => lambdaUsage.clear();

function counted(functionName: string, handler: LocalLambdaHandler): LocalLambdaHandler {
  return async (event, context) => {
    const started = performance.now();
    try {
      return await handler(event, context);
    } finally {
      const ms = performance.now() - started;
      const usage = lambdaUsage.get(functionName) ?? { invocations: 0, billedMs: 0, totalMs: 0 };
      usage.invocations += 1;
      usage.totalMs += ms;
      usage.billedMs += Math.max(1, Math.ceil(ms)); // Lambda rounds up to the millisecond
      lambdaUsage.set(functionName, usage);
    }
  };
}

export class LambdaRegistry {
  private readonly byName = new Map<string, RegisteredLambda>();

  /**
   * The event type is the handler's to declare: Step Functions passes whatever JSON the state
   * produces, and handlers validate it (zod) as they do on AWS.
   */
  register<TEvent>(functionArn: string, handler: LocalLambdaHandler<TEvent>): void {
    const functionName = lambdaFunctionNameOf(functionArn);
    if (functionName === undefined || functionName === functionArn) {
      throw new Error(`Not a Lambda function ARN: ${functionArn}`);
    }
    this.byName.set(functionName, {
      functionArn,
      functionName,
      handler: counted(functionName, handler as LocalLambdaHandler),
    });
  }

  resolve(functionArnOrName: string): RegisteredLambda | undefined {
    const functionName = lambdaFunctionNameOf(functionArnOrName);
    return functionName === undefined ? undefined : this.byName.get(functionName);
  }
}
