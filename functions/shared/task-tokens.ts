import { InvalidToken, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';

/** Step Functions no longer waits on this task token: it was used already, or its wait ended. */
export const isStaleToken = (error: unknown): boolean =>
  error instanceof TaskDoesNotExist || error instanceof InvalidToken || error instanceof TaskTimedOut;
