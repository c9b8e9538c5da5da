import type {
  ExecutionClosing,
  ExecutionJournal,
  ExecutionRecord,
  ExecutionStatus,
  TaskTokenClosing,
  TaskTokenRecord,
} from './execution-journal';

/** The journal for tests and single-process runs: lost on restart. Returns copies only. */
export class InMemoryExecutionJournal implements ExecutionJournal {
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly taskTokens = new Map<string, TaskTokenRecord>();

  async createExecution(record: ExecutionRecord): Promise<boolean> {
    if (this.executions.has(record.executionArn)) return false;
    this.executions.set(record.executionArn, structuredClone(record));
    return true;
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    return copyOf(this.executions.get(executionArn));
  }

  async listExecutions(filter: {
    stateMachineArn: string;
    status?: ExecutionStatus;
  }): Promise<ExecutionRecord[]> {
    return [...this.executions.values()]
      .filter((record) => record.stateMachineArn === filter.stateMachineArn)
      .filter((record) => filter.status === undefined || record.status === filter.status)
      .reverse() // insertion order reversed: newest first even within the same millisecond
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
      .map((record) => structuredClone(record));
  }

  async closeExecution(executionArn: string, closing: ExecutionClosing): Promise<boolean> {
    const record = this.executions.get(executionArn);
    if (record?.status !== 'RUNNING') return false;
    this.executions.set(executionArn, { ...record, ...structuredClone(closing) });
    return true;
  }

  async reopenExecution(executionArn: string): Promise<boolean> {
    const record = this.executions.get(executionArn);
    if (!record || record.status === 'RUNNING' || record.status === 'SUCCEEDED') return false;
    const { stopDate: _stopDate, error: _error, cause: _cause, output: _output, ...open } = record;
    this.executions.set(executionArn, { ...open, status: 'RUNNING' });
    return true;
  }

  async openTaskToken(record: TaskTokenRecord): Promise<void> {
    this.taskTokens.set(record.taskToken, structuredClone(record));
  }

  async getTaskToken(taskToken: string): Promise<TaskTokenRecord | undefined> {
    return copyOf(this.taskTokens.get(taskToken));
  }

  async recordHeartbeat(taskToken: string, at: Date): Promise<boolean> {
    const record = this.taskTokens.get(taskToken);
    if (record?.status !== 'PENDING') return false;
    record.heartbeatAt = new Date(at);
    return true;
  }

  async closeTaskToken(taskToken: string, closing: TaskTokenClosing): Promise<boolean> {
    const record = this.taskTokens.get(taskToken);
    if (record?.status !== 'PENDING') return false;
    this.taskTokens.set(taskToken, { ...record, ...structuredClone(closing) });
    return true;
  }

  async listPendingTaskTokens(executionArn: string): Promise<TaskTokenRecord[]> {
    return [...this.taskTokens.values()]
      .filter((record) => record.executionArn === executionArn && record.status === 'PENDING')
      .map((record) => structuredClone(record));
  }
}

function copyOf<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
