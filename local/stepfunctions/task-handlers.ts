import type { RunOptions } from 'aws-local-stepfunctions';
import type { AdmissionTicket } from './admission';
import type { CallbackTasks } from './callback-tasks';
import { isJsonObject, replaceInStrings, type JsonValue } from './json';
import { invokeLocalLambda } from './lambda-invoke';
import type { LambdaRegistry } from './lambda-registry';
import { executionClosed, TaskFailure } from './task-errors';
import type { TaskStatePlan } from './task-plan';
import { mintTaskToken } from './task-token';
import { TIMEOUT_FROM_PATH_PARAMETER } from './library-definition';

// The per-execution `taskResourceLocalHandlers` for aws-local-stepfunctions: one function per
// Task state NAME, each running the Lambda its Resource names. The library has already applied
// InputPath and Parameters (with our context, so `$$.Task.Token` resolved to a placeholder)
// and will apply ResultSelector/ResultPath/OutputPath, Retry, Catch and TimeoutSeconds to
// whatever these return or throw.

type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

export interface TaskRuntime {
  lambdas: LambdaRegistry;
  callbacks: CallbackTasks;
  /** What `$$.Task.Token` resolves to in Parameters; replaced by a fresh token per task. */
  taskTokenPlaceholder: string;
  /** The runner's clock scale, for timeouts read from the input (TimeoutSecondsPath). */
  timeScale: number;
}

export interface ExecutionScope {
  executionArn: string;
  /** True once the execution is stopped or over: no handler may start after that. */
  isClosed(): boolean;
  /** The execution's slot in the runner (admission.ts): given back while a callback is awaited. */
  ticket: AdmissionTicket;
}

export function buildTaskHandlers(
  plans: TaskStatePlan[],
  runtime: TaskRuntime,
  scope: ExecutionScope,
): TaskHandlers {
  return Object.fromEntries(
    plans.map((plan) => [plan.stateName, (input: JsonValue) => runHoldingSlot(plan, input, runtime, scope)]),
  );
}

/**
 * A task runs in the execution's slot (admission.ts). A failed task gives it back: the library
 * may now sleep before a retry (a hospital down for a minute), which must not keep other claims
 * waiting; the retry, or the Catch's next task, takes a slot again, ahead of new starts.
 */
async function runHoldingSlot(
  plan: TaskStatePlan,
  input: JsonValue,
  runtime: TaskRuntime,
  scope: ExecutionScope,
) {
  await scope.ticket.hold('resume');
  try {
    return await runTask(plan, input, runtime, scope);
  } catch (error) {
    scope.ticket.release();
    throw error;
  }
}

async function runTask(plan: TaskStatePlan, input: JsonValue, runtime: TaskRuntime, scope: ExecutionScope) {
  // The library retries a failed state once more after an abort (its retry sleep ends early
  // on abort): make that attempt fail fast instead of running a handler for a dead execution.
  if (scope.isClosed()) throw executionClosed(scope.executionArn);
  const deadline = plan.timeoutMs === undefined ? undefined : Date.now() + plan.timeoutMs;
  switch (plan.resource.kind) {
    case 'lambda':
      return invokeLocalLambda(runtime.lambdas, {
        functionArnOrName: plan.resource.functionArn,
        payload: input,
        deadline,
      });
    case 'lambda-invoke': {
      const { functionName, payload } = invokeParametersOf(input, plan.stateName);
      const result = await invokeLocalLambda(runtime.lambdas, {
        functionArnOrName: functionName,
        payload,
        deadline,
      });
      // The shape of the Lambda Invoke response, as the optimized integration returns it.
      return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
    }
    case 'lambda-callback':
      return runCallbackTask(plan, input, runtime, scope, deadline);
  }
}

async function runCallbackTask(
  plan: TaskStatePlan,
  input: JsonValue,
  runtime: TaskRuntime,
  scope: ExecutionScope,
  deadline: number | undefined,
): Promise<JsonValue> {
  const { functionName, payload: template } = invokeParametersOf(input, plan.stateName);
  const taskToken = mintTaskToken(scope.executionArn, plan.stateName);
  // Set before any await, in the same tick as the library's own TimeoutSeconds timer and 1 ms
  // longer: the library's timer fires first and fails the state with its genuine
  // States.Timeout (which States.TaskFailed must not catch); ours then retires the token.
  const expiry =
    plan.timeoutMs === undefined
      ? undefined
      : setTimeout(() => void runtime.callbacks.expire(taskToken), Math.ceil(plan.timeoutMs) + 1);
  expiry?.unref();
  // TimeoutSecondsPath, moved into the parameters by library-definition.ts: our own timer.
  let pathTimer: NodeJS.Timeout | undefined;
  const timeoutSeconds = isJsonObject(input) ? input[TIMEOUT_FROM_PATH_PARAMETER] : undefined;
  if (timeoutSeconds !== undefined && !(typeof timeoutSeconds === 'number' && timeoutSeconds >= 1)) {
    throw new TaskFailure(
      'States.Runtime',
      `${plan.stateName}: TimeoutSecondsPath must point to a number ≥ 1`,
    );
  }
  const timedOut = new Promise<never>((_, reject) => {
    if (typeof timeoutSeconds !== 'number') return;
    pathTimer = setTimeout(
      () => {
        // The journal decides: if a SendTaskSuccess closed the token first, the task succeeded.
        runtime.callbacks.expire(taskToken).then((expired) => {
          if (!expired) return;
          reject(new TaskFailure('States.Timeout', `${plan.stateName} timed out after ${timeoutSeconds} s`));
        }, reject);
      },
      timeoutSeconds * 1000 * runtime.timeScale,
    );
    pathTimer.unref();
  });
  const payload = replaceInStrings(template, runtime.taskTokenPlaceholder, taskToken);
  try {
    const { outcome } = await runtime.callbacks.open({
      taskToken,
      executionArn: scope.executionArn,
      stateName: plan.stateName,
      functionName,
      payload,
    });
    const invocation = invokeLocalLambda(runtime.lambdas, {
      functionArnOrName: functionName,
      payload,
      deadline,
    });
    // Done when the token is used; a handler that throws first fails the task. Meanwhile (an
    // e-bill, a clerk) the slot goes to another execution; this one takes one again to go on.
    const done = Promise.race([outcome, invocation.then(() => outcome), timedOut]);
    scope.ticket.release();
    try {
      return await done;
    } finally {
      await scope.ticket.hold('resume');
    }
  } finally {
    clearTimeout(expiry);
    clearTimeout(pathTimer);
    await runtime.callbacks.abandon(taskToken);
  }
}

function invokeParametersOf(
  input: JsonValue,
  stateName: string,
): { functionName: string; payload: JsonValue } {
  const functionName = isJsonObject(input) ? input['FunctionName'] : undefined;
  if (!isJsonObject(input) || typeof functionName !== 'string') {
    throw new TaskFailure(
      'States.Runtime',
      `${stateName}: lambda:invoke needs Parameters.FunctionName (a string)`,
    );
  }
  return { functionName, payload: input['Payload'] ?? {} };
}
