import { attributeRequestsTo } from '../../adapters/dynamodb/request-counter';
import { createLambdaContext } from './lambda-context';
import type { LambdaRegistry } from './lambda-registry';
import { toJsonValue, type JsonValue } from './json';
import { lambdaFailure, lambdaNotFound } from './task-errors';

export interface LocalLambdaCall {
  /** ARN or name, as the Resource or FunctionName gives it. */
  functionArnOrName: string;
  payload: JsonValue;
  deadline: number | undefined;
}

/** Invokes a registered handler the way the Lambda service would: JSON in, JSON out. */
export async function invokeLocalLambda(registry: LambdaRegistry, call: LocalLambdaCall): Promise<JsonValue> {
  const lambda = registry.resolve(call.functionArnOrName);
  if (!lambda) throw lambdaNotFound(call.functionArnOrName);
  const context = createLambdaContext({
    functionArn: lambda.functionArn,
    functionName: lambda.functionName,
    deadline: call.deadline,
  });
  let result: unknown;
  try {
    // A copy, so a handler mutating its event cannot reach into the engine's state.
    result = await attributeRequestsTo(lambda.functionName, () =>
      lambda.handler(structuredClone(call.payload), context),
    );
  } catch (error) {
    throw lambdaFailure(error);
  }
  return toJsonValue(result);
}
