import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  ExecutionClosing,
  ExecutionJournal,
  ExecutionRecord,
  ExecutionStatus,
  TaskTokenClosing,
  TaskTokenRecord,
} from './execution-journal';
import { queryByPrefix } from '../../adapters/dynamodb/query-by-prefix';
import {
  conditionalWritesOf,
  type ConditionalWrite,
  type ConditionalWrites,
} from '../../adapters/dynamodb/conditional-writes';
import type { JsonValue } from './json';
import { decodeTaskToken } from './task-token';

/**
 * The execution journal in the claims table, so a restarted local runtime finds the claims it
 * was running (DESIGN §6: "execution state is recorded so that a restart re-drives unfinished
 * claims"). One partition per state machine holds its executions and their task tokens:
 *
 *   PK SFN#<stateMachineArn>   SK EXEC#<executionName>                 the execution
 *   PK SFN#<stateMachineArn>   SK TOKEN#<executionName>#<taskToken>    a task token it waited on
 *
 * A token names its execution (task-token.ts), so a token is found without an index. Dates are
 * stored as ISO strings. Every change that must happen once is a conditional write.
 *
 * The writes are group-committed (adapters/dynamodb/conditional-writes.ts, the client's one lane,
 * shared with the notification outbox's removals): each execution's
 * start and end and each token's opening and closing is one write, and while one request is in
 * flight the writes asked for meanwhile queue and go together in one TransactWriteItems, each
 * item keeping its own condition. A write alone goes at once as a plain PutItem or UpdateItem;
 * every caller's answer waits for the request that carried its write (a started execution is
 * recorded before StartExecution answers).
 */
export class DynamoDbExecutionJournal implements ExecutionJournal {
  private readonly writes: ConditionalWrites;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.writes = conditionalWritesOf(db);
  }

  /** Resolves once every write asked for so far is answered. */
  settled(): Promise<void> {
    return this.writes.settled();
  }

  async createExecution(record: ExecutionRecord): Promise<boolean> {
    return this.write({
      Put: {
        TableName: this.tableName,
        Item: { ...executionKey(record.executionArn), ...toItem(record) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: executionKey(executionArn), ConsistentRead: true }),
    );
    return Item ? executionOf(Item) : undefined;
  }

  async listExecutions(filter: {
    stateMachineArn: string;
    status?: ExecutionStatus;
  }): Promise<ExecutionRecord[]> {
    const items = await this.query(machinePartition(filter.stateMachineArn), 'EXEC#');
    return items
      .map(executionOf)
      .filter((r) => filter.status === undefined || r.status === filter.status)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  async closeExecution(executionArn: string, closing: ExecutionClosing): Promise<boolean> {
    const update = setFields(toItem(closing));
    return this.write({
      Update: {
        TableName: this.tableName,
        Key: executionKey(executionArn),
        ...update,
        ConditionExpression: '#status = :running',
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':running': 'RUNNING' },
      },
    });
  }

  async reopenExecution(executionArn: string): Promise<boolean> {
    return this.write({
      Update: {
        TableName: this.tableName,
        Key: executionKey(executionArn),
        UpdateExpression: 'SET #status = :running REMOVE stopDate, #error, #cause, #output',
        ConditionExpression: '#status IN (:failed, :timedOut, :aborted)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#error': 'error',
          '#cause': 'cause',
          '#output': 'output',
        },
        ExpressionAttributeValues: {
          ':running': 'RUNNING',
          ':failed': 'FAILED',
          ':timedOut': 'TIMED_OUT',
          ':aborted': 'ABORTED',
        },
      },
    });
  }

  async openTaskToken(record: TaskTokenRecord): Promise<void> {
    await this.write({
      Put: { TableName: this.tableName, Item: { ...tokenKey(record.taskToken), ...toItem(record) } },
    });
  }

  async getTaskToken(taskToken: string): Promise<TaskTokenRecord | undefined> {
    const key = tokenKeyOrUndefined(taskToken);
    if (!key) return undefined;
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ? tokenOf(Item) : undefined;
  }

  async recordHeartbeat(taskToken: string, at: Date): Promise<boolean> {
    return this.updatePendingToken(taskToken, { heartbeatAt: at.toISOString() });
  }

  async closeTaskToken(taskToken: string, closing: TaskTokenClosing): Promise<boolean> {
    return this.updatePendingToken(taskToken, toItem(closing));
  }

  async listPendingTaskTokens(executionArn: string): Promise<TaskTokenRecord[]> {
    const { stateMachineArn, name } = splitExecutionArn(executionArn);
    const items = await this.query(machinePartition(stateMachineArn), `TOKEN#${name}#`);
    return items.map(tokenOf).filter((t) => t.status === 'PENDING');
  }

  private async updatePendingToken(taskToken: string, fields: Record<string, unknown>): Promise<boolean> {
    const key = tokenKeyOrUndefined(taskToken);
    if (!key) return false;
    const update = setFields(fields);
    return this.write({
      Update: {
        TableName: this.tableName,
        Key: key,
        ...update,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':pending': 'PENDING' },
      },
    });
  }

  private query(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    return queryByPrefix(this.db, this.tableName, pk, skPrefix);
  }

  /** A write: true if it happened, false if its condition did not hold. */
  private write(write: ConditionalWrite): Promise<boolean> {
    return this.writes.write(write);
  }
}

const machinePartition = (stateMachineArn: string) => `SFN#${stateMachineArn}`;

/** arn:…:execution:<machine>:<name> → the machine's ARN and the execution's name. */
function splitExecutionArn(executionArn: string): { stateMachineArn: string; name: string } {
  const cut = executionArn.lastIndexOf(':');
  return {
    stateMachineArn: executionArn.slice(0, cut).replace(':execution:', ':stateMachine:'),
    name: executionArn.slice(cut + 1),
  };
}

function executionKey(executionArn: string) {
  const { stateMachineArn, name } = splitExecutionArn(executionArn);
  return { PK: machinePartition(stateMachineArn), SK: `EXEC#${name}` };
}

function tokenKeyOrUndefined(taskToken: string) {
  const claims = decodeTaskToken(taskToken);
  if (!claims) return undefined;
  const { stateMachineArn, name } = splitExecutionArn(claims.executionArn);
  return { PK: machinePartition(stateMachineArn), SK: `TOKEN#${name}#${taskToken}` };
}

function tokenKey(taskToken: string) {
  const key = tokenKeyOrUndefined(taskToken);
  if (!key) throw new Error('not a task token of this Step Functions');
  return key;
}

/** Dates become ISO strings, undefined fields are left out. */
function toItem(record: object): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    item[key] = value instanceof Date ? value.toISOString() : value;
  }
  return item;
}

function setFields(fields: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  // Conditions on the record's status use this name; the SET may name the same attribute too.
  names['#status'] = 'status';
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

const dateOf = (value: unknown): Date | undefined =>
  typeof value === 'string' ? new Date(value) : undefined;

function executionOf(item: Record<string, unknown>): ExecutionRecord {
  return definedOnly({
    executionArn: item.executionArn as string,
    stateMachineArn: item.stateMachineArn as string,
    name: item.name as string,
    status: item.status as ExecutionStatus,
    input: item.input as string,
    startDate: dateOf(item.startDate) ?? new Date(0),
    stopDate: dateOf(item.stopDate),
    output: item.output as string | undefined,
    error: item.error as string | undefined,
    cause: item.cause as string | undefined,
  });
}

function tokenOf(item: Record<string, unknown>): TaskTokenRecord {
  return definedOnly({
    taskToken: item.taskToken as string,
    executionArn: item.executionArn as string,
    stateName: item.stateName as string,
    functionName: item.functionName as string,
    payload: item.payload as JsonValue,
    status: item.status as TaskTokenRecord['status'],
    openedAt: dateOf(item.openedAt) ?? new Date(0),
    heartbeatAt: dateOf(item.heartbeatAt),
    closedAt: dateOf(item.closedAt),
    output: item.output as string | undefined,
    error: item.error as string | undefined,
    cause: item.cause as string | undefined,
  });
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
