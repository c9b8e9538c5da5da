import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import type { ExecutionClosing } from './execution-journal';
import type { JsonValue } from './json';

export type ExecutionOutcome = Omit<ExecutionClosing, 'stopDate'>;

/** How a run of aws-local-stepfunctions ended, in DescribeExecution's terms. */
export async function outcomeOf(result: Promise<JsonValue>): Promise<ExecutionOutcome> {
  try {
    return { status: 'SUCCEEDED', output: JSON.stringify(await result) };
  } catch (error) {
    return failureOutcome(error);
  }
}

function failureOutcome(error: unknown): ExecutionOutcome {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) {
    return {
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      cause: 'The execution ran longer than the state machine TimeoutSeconds',
    };
  }
  // The library wraps the state's error; that one has the name and cause AWS would report
  // (a Fail state's Error/Cause, a handler's errorType and JSON cause, States.Timeout...).
  const stateError = error instanceof ExecutionError ? error.cause : error;
  if (stateError instanceof Error)
    return { status: 'FAILED', error: stateError.name, cause: stateError.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(stateError) };
}
