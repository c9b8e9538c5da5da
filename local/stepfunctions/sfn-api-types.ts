import type { DefinitionSource } from './definition';
import type { ExecutionRecord, ExecutionStatus } from './execution-journal';

// The shapes of the Step Functions API calls the local runner answers (AWS's names and fields).

export interface CreateStateMachineInput {
  name: string;
  /** ASL JSON text or object, with `${Placeholder}`s as in the workflow file. */
  definition: DefinitionSource;
  /** Placeholder name → value (function ARNs), like CDK's definitionSubstitutions. */
  substitutions?: Readonly<Record<string, string>>;
}

export interface StateMachineSummary {
  stateMachineArn: string;
  name: string;
  creationDate: Date;
}

export interface StartExecutionInput {
  stateMachineArn: string;
  /** Default: a random UUID. */
  name?: string;
  /** JSON text, as in the AWS API. Default "{}". */
  input?: string;
}

export interface StartExecutionOutput {
  executionArn: string;
  startDate: Date;
}

export interface ListExecutionsInput {
  stateMachineArn: string;
  statusFilter?: ExecutionStatus;
  /** 1-1000; 0 or absent means 100. */
  maxResults?: number;
  nextToken?: string;
}

export type ExecutionListItem = Pick<
  ExecutionRecord,
  'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'stopDate'
>;

export interface ListExecutionsOutput {
  executions: ExecutionListItem[];
  nextToken?: string;
}

export interface StopExecutionInput {
  executionArn: string;
  error?: string;
  cause?: string;
}

export interface SendTaskSuccessInput {
  taskToken: string;
  /** JSON text: the task's result. */
  output: string;
}

export interface SendTaskFailureInput {
  taskToken: string;
  error?: string;
  cause?: string;
}
