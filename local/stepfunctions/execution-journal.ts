import type { JsonValue } from './json';

// The durable facts about executions and the task tokens they wait on. In memory for now; a
// later DynamoDB implementation lets a restarted process find its unfinished claims.
//
// Re-driving after a restart would need, from this journal:
// - every RUNNING execution: its ARN, state machine ARN (the machine is re-created at boot
//   from the same definition and name, so the ARN is stable) and its input, to run it again
//   from StartAt (claim steps are idempotent, so repeating finished ones is safe);
// - its PENDING task tokens, with state name and payload: the old waiter died with the old
//   process, but the token may already sit in a claim case or a hospital's queue. When the
//   re-run reaches that state it mints a new token and the handler stores it (idempotently);
//   a SendTaskSuccess/Failure that arrives for the old token in between should be recorded
//   here (closeTaskToken keeps output/error/cause) and replayed to the re-entered state
//   instead of being refused. A pending token's TimeoutSeconds should count from `openedAt`.
// What the library cannot give: resuming mid-machine with each state's exact input; we accept
// re-running from the start instead.

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type ClosedExecutionStatus = Exclude<ExecutionStatus, 'RUNNING'>;

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** The input as StartExecution got it: JSON text, compared verbatim for idempotency (as AWS). */
  input: string;
  startDate: Date;
  stopDate?: Date;
  /** JSON text of the output, once SUCCEEDED. */
  output?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionClosing {
  status: ClosedExecutionStatus;
  stopDate: Date;
  output?: string;
  error?: string;
  cause?: string;
}

export type TaskTokenStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CANCELLED';

export interface TaskTokenRecord {
  taskToken: string;
  executionArn: string;
  stateName: string;
  /** The FunctionName the callback task invoked. */
  functionName: string;
  /** The Payload the handler received (token included). */
  payload: JsonValue;
  status: TaskTokenStatus;
  openedAt: Date;
  heartbeatAt?: Date;
  closedAt?: Date;
  /** SendTaskSuccess's output (JSON text), or SendTaskFailure's error and cause. */
  output?: string;
  error?: string;
  cause?: string;
}

export interface TaskTokenClosing {
  status: Exclude<TaskTokenStatus, 'PENDING'>;
  closedAt: Date;
  output?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionJournal {
  /** Records a new RUNNING execution; false, changing nothing, if its ARN is already taken. */
  createExecution(record: ExecutionRecord): Promise<boolean>;
  getExecution(executionArn: string): Promise<ExecutionRecord | undefined>;
  /** Newest first. */
  listExecutions(filter: { stateMachineArn: string; status?: ExecutionStatus }): Promise<ExecutionRecord[]>;
  /** Moves a RUNNING execution to a terminal status; false if it was no longer running. */
  closeExecution(executionArn: string, closing: ExecutionClosing): Promise<boolean>;
  /** Moves a FAILED, TIMED_OUT or ABORTED execution back to RUNNING (a redrive); false otherwise. */
  reopenExecution(executionArn: string): Promise<boolean>;

  /** Records a token a callback task now waits on (status PENDING). */
  openTaskToken(record: TaskTokenRecord): Promise<void>;
  getTaskToken(taskToken: string): Promise<TaskTokenRecord | undefined>;
  /** False if the token is not PENDING. */
  recordHeartbeat(taskToken: string, at: Date): Promise<boolean>;
  /** Closes a PENDING token; false if it was not pending (first closer wins). */
  closeTaskToken(taskToken: string, closing: TaskTokenClosing): Promise<boolean>;
  listPendingTaskTokens(executionArn: string): Promise<TaskTokenRecord[]>;

  /** Resolves once every write asked for so far is answered (a journal that batches its writes). */
  settled?(): Promise<void>;
}
