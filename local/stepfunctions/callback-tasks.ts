import { createDeferred, type Deferred } from './deferred';
import { SfnServiceError } from './errors';
import type { ExecutionJournal, TaskTokenRecord, TaskTokenStatus } from './execution-journal';
import { parseJson, type JsonValue } from './json';
import { callbackFailure, callbackTimedOut, taskAbandoned } from './task-errors';
import { decodeTaskToken } from './task-token';

// The `.waitForTaskToken` half that aws-local-stepfunctions lacks: each open token has a
// journal record (durable) and, in this process, a pending promise the callback task awaits.
// SendTaskSuccess resolves it with the output; SendTaskFailure rejects it with an Error named
// after `error`, so Retry/Catch ErrorEquals match it like on AWS.

export type OpenTaskToken = Omit<TaskTokenRecord, 'status' | 'openedAt'>;

export class CallbackTasks {
  private readonly waiters = new Map<string, Deferred<JsonValue>>();
  /** Executions that opened a token in this process (the others have none to retire at their end). */
  private readonly openedHere = new Set<string>();
  /** Set at shutdown: open tokens must stay PENDING in the journal for the next process. */
  private detached = false;

  constructor(private readonly journal: ExecutionJournal) {}

  /** Records the token as PENDING; the returned promise settles with the task's outcome. */
  async open(token: OpenTaskToken): Promise<{ outcome: Promise<JsonValue> }> {
    const waiter = createDeferred<JsonValue>();
    this.waiters.set(token.taskToken, waiter);
    this.openedHere.add(token.executionArn);
    await this.journal.openTaskToken({ ...token, status: 'PENDING', openedAt: new Date() });
    return { outcome: waiter.promise };
  }

  async succeed(taskToken: string, output: string): Promise<void> {
    await this.requirePending(taskToken);
    const parsed = parseJson(output);
    if (!parsed.ok) throw new SfnServiceError('InvalidOutput', `Invalid JSON in output: ${parsed.reason}`);
    await this.close(taskToken, 'SUCCEEDED', { output }, (waiter) => waiter.resolve(parsed.value));
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    await this.requirePending(taskToken);
    await this.close(taskToken, 'FAILED', { error, cause }, (waiter) =>
      waiter.reject(callbackFailure(error, cause)),
    );
  }

  async heartbeat(taskToken: string): Promise<void> {
    await this.requirePending(taskToken);
    // HeartbeatSeconds is not enforced locally (neither by the library nor here); the
    // heartbeat is only checked and recorded.
    if (!(await this.journal.recordHeartbeat(taskToken, new Date()))) throw tokenClosed();
  }

  /**
   * The state's timeout passed: the token is dead, the abandoned wait ends. False when the token
   * was closed first (a SendTaskSuccess that won the race): then the task succeeded, not timed out.
   */
  async expire(taskToken: string): Promise<boolean> {
    return this.closeQuietly(taskToken, 'TIMED_OUT', callbackTimedOut());
  }

  /** The task ended some other way (handler failed, execution stopped): retire the token. */
  async abandon(taskToken: string, reason: Error = taskAbandoned()): Promise<void> {
    await this.closeQuietly(taskToken, 'CANCELLED', reason);
  }

  /**
   * An execution of this process ended: retires its tokens still open. One that never opened a
   * token here has none (a re-driven one's earlier tokens were retired before it ran again), so
   * the journal is not asked: most claims never wait, and this was a Query at each one's end.
   */
  async abandonOpenedHere(executionArn: string, reason: Error): Promise<void> {
    if (!this.openedHere.delete(executionArn)) return;
    await this.abandonAllOf(executionArn, reason);
  }

  async abandonAllOf(executionArn: string, reason: Error): Promise<void> {
    const pending = await this.journal.listPendingTaskTokens(executionArn);
    await Promise.all(pending.map((token) => this.abandon(token.taskToken, reason)));
  }

  /**
   * Process shutdown: ends every wait here and stops recording anything, so the tokens still
   * open stay PENDING in the journal for a restarted process to pick up.
   */
  detach(reason: Error): void {
    this.detached = true;
    for (const waiter of this.waiters.values()) waiter.reject(reason);
    this.waiters.clear();
  }

  private async requirePending(taskToken: string): Promise<void> {
    if (decodeTaskToken(taskToken) === undefined) {
      throw new SfnServiceError('InvalidToken', 'Invalid token: not a task token of this Step Functions');
    }
    const record = await this.journal.getTaskToken(taskToken);
    if (!record) throw new SfnServiceError('TaskDoesNotExist', 'Task does not exist anymore');
    if (record.status !== 'PENDING') throw tokenClosed();
  }

  private async close(
    taskToken: string,
    status: Exclude<TaskTokenStatus, 'PENDING'>,
    details: { output?: string; error?: string; cause?: string },
    settle: (waiter: Deferred<JsonValue>) => void,
  ): Promise<void> {
    // The journal decides who closes a token first: a duplicate send loses here.
    if (!(await this.journal.closeTaskToken(taskToken, { status, closedAt: new Date(), ...details }))) {
      throw tokenClosed();
    }
    const waiter = this.waiters.get(taskToken);
    this.waiters.delete(taskToken);
    if (waiter) settle(waiter);
  }

  private async closeQuietly(
    taskToken: string,
    status: 'TIMED_OUT' | 'CANCELLED',
    reason: Error,
  ): Promise<boolean> {
    if (this.detached) return false;
    const closed = await this.journal.closeTaskToken(taskToken, { status, closedAt: new Date() });
    if (!closed) return false;
    this.waiters.get(taskToken)?.reject(reason);
    this.waiters.delete(taskToken);
    return true;
  }
}

/** AWS answers TaskTimedOut for a token that was valid once but is no longer waited on. */
function tokenClosed(): SfnServiceError {
  return new SfnServiceError('TaskTimedOut', 'Task Timed Out: the task token is no longer open');
}
