import { isLambdaFunctionArn } from './arns';

// The Task resources the local stand-in can run, all of them Lambda in one form or another:
// - a function ARN: input = effective input, output = what the handler returns;
// - the optimized integration `arn:aws:states:::lambda:invoke`: Parameters carry FunctionName
//   and Payload, output is the Invoke response ({ Payload, StatusCode, ExecutedVersion });
// - its callback form `...lambda:invoke.waitForTaskToken`: the handler receives a task token
//   and the state waits for SendTaskSuccess/SendTaskFailure with it.
// Anything else (DynamoDB, SQS, activities...) is rejected up front rather than failing
// mid-execution.

export type TaskResource =
  { kind: 'lambda'; functionArn: string } | { kind: 'lambda-invoke' } | { kind: 'lambda-callback' };

const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const LAMBDA_INVOKE_CALLBACK = /^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/;

export function classifyTaskResource(resource: string): TaskResource | undefined {
  if (isLambdaFunctionArn(resource)) return { kind: 'lambda', functionArn: resource };
  if (LAMBDA_INVOKE.test(resource)) return { kind: 'lambda-invoke' };
  if (LAMBDA_INVOKE_CALLBACK.test(resource)) return { kind: 'lambda-callback' };
  return undefined;
}
