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
    this.byName.set(functionName, { functionArn, functionName, handler: handler as LocalLambdaHandler });
  }

  resolve(functionArnOrName: string): RegisteredLambda | undefined {
    const functionName = lambdaFunctionNameOf(functionArnOrName);
    return functionName === undefined ? undefined : this.byName.get(functionName);
  }
}
