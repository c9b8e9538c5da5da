import type { ExecutionClosing, ExecutionJournal } from './execution-journal';
import type { LambdaRegistry } from './lambda-registry';
import type { LocalSfnLogger } from './logger';

export interface LocalStepFunctionsOptions {
  /** Region in the ARNs; a `cn-` region gives the aws-cn partition. Default cn-north-1. */
  region?: string;
  /** Account in the ARNs. Default 000000000000. */
  accountId?: string;
  /** Lambda handlers by function ARN; one is created if not given (see `lambdas`). */
  lambdas?: LambdaRegistry;
  /** Where executions and task tokens are recorded. Default: in memory. */
  journal?: ExecutionJournal;
  /**
   * Multiplies literal durations in definitions (Retry intervals, Wait Seconds, TimeoutSeconds),
   * e.g. 0.01 in tests. Default 1. See library-definition.ts for what is and is not scaled.
   */
  timeScale?: number;
  /** Scale for plain Lambda task TimeoutSeconds; default `timeScale` (see library-definition.ts). */
  lambdaTimeoutScale?: number;
  logger?: LocalSfnLogger;
  /**
   * Executions running their steps at once (admission.ts); a start beyond it waits for a slot.
   * Default: no bound, as on AWS.
   */
  maxActiveExecutions?: number;
  /** Told when an execution ends (after the journal recorded it): the failure path's dead letters. */
  onExecutionClosed?: (executionArn: string, closing: ExecutionClosing) => void;
}
