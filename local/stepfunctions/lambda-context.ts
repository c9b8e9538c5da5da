import { randomUUID } from 'node:crypto';
import type { LambdaLikeContext } from './lambda-registry';

/** AWS Lambda's hard limit; no invocation has more time left than this. */
const LAMBDA_MAX_TIMEOUT_MS = 15 * 60 * 1000;

export interface LambdaInvocation {
  functionArn: string;
  functionName: string;
  /** When the calling Task state times out, if known: bounds getRemainingTimeInMillis. */
  deadline: number | undefined;
}

export function createLambdaContext(invocation: LambdaInvocation): LambdaLikeContext {
  const startedAt = Date.now();
  const lambdaDeadline = startedAt + LAMBDA_MAX_TIMEOUT_MS;
  const deadline = Math.min(invocation.deadline ?? lambdaDeadline, lambdaDeadline);
  const unsupported = (what: string) => () => {
    throw new Error(`context.${what}() is not supported by the local runtime: return or throw instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: invocation.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: invocation.functionArn,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${invocation.functionName}`,
    logStreamName: `local/${new Date(startedAt).toISOString().slice(0, 10)}/${randomUUID()}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
