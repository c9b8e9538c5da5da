// Errors that make a Task state fail. aws-local-stepfunctions matches Retry/Catch ErrorEquals
// against `error.name` and puts `error.message` in the Catch output's `Cause`, so each error
// here carries the name Step Functions would report and the cause text AWS would give.

export class TaskFailure extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}

/**
 * A handler's exception as AWS reports a failed Lambda: Error is the exception's name
 * (errorType) and Cause is the JSON the Lambda runtime writes, so code parsing a Cause works
 * the same locally. The real name and message survive a Catch on States.ALL.
 */
export function lambdaFailure(thrown: unknown): TaskFailure {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const cause = {
    errorType,
    errorMessage: error.message,
    trace: error.stack?.split('\n') ?? [],
  };
  return new TaskFailure(errorType, JSON.stringify(cause));
}

export function lambdaNotFound(functionName: string): TaskFailure {
  return new TaskFailure(
    'Lambda.ResourceNotFoundException',
    `Function not found: ${functionName} (no local handler is registered for it)`,
  );
}

/** SendTaskFailure: the caller's error and cause, as given. */
export function callbackFailure(error: string, cause: string): TaskFailure {
  return new TaskFailure(error, cause);
}

/**
 * Raised in a callback wait that outlived the state's timeout. The library has already failed
 * the state with its own States.Timeout by then (its timer fires first); this one only ends
 * the abandoned wait.
 */
export function callbackTimedOut(): TaskFailure {
  return new TaskFailure('States.Timeout', 'The task token was not used before TimeoutSeconds elapsed');
}

/** The execution was stopped or ended: no handler runs for it any more. */
export function executionClosed(executionArn: string): TaskFailure {
  return new TaskFailure('States.Runtime', `Execution ${executionArn} is no longer running`);
}

/** A callback task ended without its token being used (its handler failed, say). */
export function taskAbandoned(): TaskFailure {
  return new TaskFailure('States.Runtime', 'The task ended before its token was used');
}
