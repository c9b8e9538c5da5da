// Errors of the Step Functions API, named exactly as AWS names them: the API server sends
// `name` as `__type`, and @aws-sdk/client-sfn turns it back into its exception class
// (TaskDoesNotExist, ExecutionAlreadyExists, ...), so callers catch the same names locally
// as on AWS.

export type SfnErrorCode =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'ExecutionNotRedrivable'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineAlreadyExists'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException';

export class SfnServiceError extends Error {
  override readonly name: SfnErrorCode;

  constructor(code: SfnErrorCode, message: string) {
    super(message);
    this.name = code;
  }
}

export function isSfnServiceError(error: unknown, code?: SfnErrorCode): error is SfnServiceError {
  return error instanceof SfnServiceError && (code === undefined || error.name === code);
}
