import { randomUUID } from 'node:crypto';
import {
  executionArnOf,
  isExecutionArn,
  isStateMachineArn,
  isValidExecutionName,
  type ArnScope,
} from './arns';
import { ExecutionAdmission, type AdmissionTicket } from './admission';
import { CallbackTasks } from './callback-tasks';
import { SfnServiceError } from './errors';
import type { ExecutionClosing, ExecutionJournal, ExecutionRecord } from './execution-journal';
import { outcomeOf } from './execution-outcome';
import { InMemoryExecutionJournal } from './in-memory-execution-journal';
import { parseJson, type JsonValue } from './json';
import { LambdaRegistry, type LocalLambdaHandler } from './lambda-registry';
import { silentLogger, type LocalSfnLogger } from './logger';
import { assertNodeRunsLocalStepFunctions } from './node-support';
import { executionClosed, TaskFailure } from './task-errors';
import { buildTaskHandlers, type ExecutionScope, type TaskRuntime } from './task-handlers';
import { buildStateMachine, type LocalStateMachine } from './state-machines';
import { countTransitions } from './transition-usage';
import { decodePageToken, encodePageToken, listItemOf, summaryOf } from './execution-listing';
import type { LocalStepFunctionsOptions } from './runner-options';
import type {
  CreateStateMachineInput,
  ListExecutionsInput,
  ListExecutionsOutput,
  SendTaskFailureInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StartExecutionOutput,
  StateMachineSummary,
  StopExecutionInput,
} from './sfn-api-types';

// The local stand-in for AWS Step Functions: state machines from the same ASL file CDK
// deploys, executed in-process by aws-local-stepfunctions with every Task mapped to a local
// Lambda handler, and the API our handlers call (StartExecution, SendTaskSuccess, ...) with
// AWS's names, semantics and errors. sfn-api-server.ts puts the same API on HTTP.

export type { ExecutionRecord as ExecutionDescription, ExecutionStatus } from './execution-journal';
export type { LambdaLikeContext, LocalLambdaHandler } from './lambda-registry';
export type * from './sfn-api-types';
export type { LocalStepFunctionsOptions } from './runner-options';
export { resetStateTransitionUsage, stateTransitionUsage } from './transition-usage';

interface LiveExecution {
  /** Stops the run; the journal records ABORTED with these details. */
  stop(details: { error?: string; cause?: string }): void;
  /** Stops the run without recording anything (process shutdown: left for a re-drive). */
  drop(): void;
  /** Resolves once the end is recorded; never rejects. */
  settled: Promise<void>;
}

const DEFAULT_MAX_RESULTS = 100;

export class LocalStepFunctions {
  readonly lambdas: LambdaRegistry;
  private readonly journal: ExecutionJournal;
  private readonly onExecutionClosed: LocalStepFunctionsOptions['onExecutionClosed'];
  private readonly callbacks: CallbackTasks;
  private readonly arnScope: ArnScope;
  private readonly timeScale: number;
  private readonly lambdaTimeoutScale: number;
  private readonly logger: LocalSfnLogger;
  private readonly taskRuntime: TaskRuntime;
  private readonly machines = new Map<string, LocalStateMachine>();
  private readonly live = new Map<string, LiveExecution>();
  private readonly admitting = new Map<string, AdmissionTicket>();
  private readonly admission: ExecutionAdmission;
  private isShutDown = false;

  constructor(options: LocalStepFunctionsOptions = {}) {
    assertNodeRunsLocalStepFunctions();
    const timeScale = options.timeScale ?? 1;
    if (!(timeScale > 0 && Number.isFinite(timeScale)))
      throw new RangeError('timeScale must be a positive number');
    this.timeScale = timeScale;
    this.lambdaTimeoutScale = options.lambdaTimeoutScale ?? timeScale;
    this.arnScope = {
      region: options.region ?? 'cn-north-1',
      accountId: options.accountId ?? '000000000000',
    };
    this.lambdas = options.lambdas ?? new LambdaRegistry();
    this.journal = options.journal ?? new InMemoryExecutionJournal();
    this.callbacks = new CallbackTasks(this.journal);
    this.logger = options.logger ?? silentLogger;
    this.onExecutionClosed = options.onExecutionClosed;
    this.admission = new ExecutionAdmission(options.maxActiveExecutions ?? Infinity);
    this.taskRuntime = {
      lambdas: this.lambdas,
      callbacks: this.callbacks,
      // Unique per instance, so no real input can contain it by accident.
      taskTokenPlaceholder: `local-sfn-task-token-placeholder-${randomUUID()}`,
      timeScale,
    };
  }

  registerLambda<TEvent>(functionArn: string, handler: LocalLambdaHandler<TEvent>): void {
    this.lambdas.register(functionArn, handler);
  }

  createStateMachine(request: CreateStateMachineInput): StateMachineSummary {
    const machine = buildStateMachine(request, this.arnScope, {
      timeScale: this.timeScale,
      lambdaTimeoutScale: this.lambdaTimeoutScale,
    });
    const existing = this.machines.get(machine.stateMachineArn);
    if (existing) {
      // AWS: creating the same machine again is idempotent; a different definition conflicts.
      if (existing.definitionText === machine.definitionText) return summaryOf(existing);
      throw new SfnServiceError(
        'StateMachineAlreadyExists',
        `State Machine Already Exists: '${machine.stateMachineArn}'`,
      );
    }
    this.machines.set(machine.stateMachineArn, machine);
    return summaryOf(machine);
  }

  async startExecution(request: StartExecutionInput): Promise<StartExecutionOutput> {
    if (this.isShutDown) throw new Error('LocalStepFunctions has been shut down');
    const machine = this.requireStateMachine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!isValidExecutionName(name)) throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    const parsedInput = parseJson(input);
    if (!parsedInput.ok) {
      throw new SfnServiceError('InvalidExecutionInput', `Invalid execution input: ${parsedInput.reason}`);
    }
    const record: ExecutionRecord = {
      executionArn: executionArnOf(machine.stateMachineArn, name),
      stateMachineArn: machine.stateMachineArn,
      name,
      status: 'RUNNING',
      input,
      startDate: new Date(),
    };
    if (!(await this.journal.createExecution(record))) return this.repeatStart(record);
    // Recorded, so a restart re-drives it; it runs when a slot is free, and the caller waits
    // until then (admission.ts: a burst is held at the door, not spread over every claim).
    const ticket = await this.admit(record.executionArn);
    if (ticket) this.launch(machine, record, parsedInput.value, ticket);
    this.logger({ level: 'info', message: 'execution started', executionArn: record.executionArn });
    return { executionArn: record.executionArn, startDate: record.startDate };
  }

  async describeExecution(request: { executionArn: string }): Promise<ExecutionRecord> {
    return this.requireExecution(request.executionArn);
  }

  async listExecutions(request: ListExecutionsInput): Promise<ListExecutionsOutput> {
    const machine = this.requireStateMachine(request.stateMachineArn);
    const all = await this.journal.listExecutions({
      stateMachineArn: machine.stateMachineArn,
      ...(request.statusFilter === undefined ? {} : { status: request.statusFilter }),
    });
    const offset = request.nextToken === undefined ? 0 : decodePageToken(request.nextToken);
    const pageSize = request.maxResults || DEFAULT_MAX_RESULTS;
    const page = all.slice(offset, offset + pageSize).map(listItemOf);
    const next = offset + pageSize;
    return next < all.length ? { executions: page, nextToken: encodePageToken(next) } : { executions: page };
  }

  async stopExecution(request: StopExecutionInput): Promise<{ stopDate: Date }> {
    const record = await this.requireExecution(request.executionArn);
    const details = definedOnly({ error: request.error, cause: request.cause });
    const live = this.live.get(request.executionArn);
    // Still waiting for a slot: it never runs, and is closed below as not running here.
    this.admitting.get(request.executionArn)?.close();
    if (record.status === 'RUNNING' && live) {
      live.stop(details);
      await live.settled;
    } else if (record.status === 'RUNNING') {
      // Recorded as running but not running here (a previous process): just close it.
      await this.closeExecution(
        request.executionArn,
        { status: 'ABORTED', stopDate: new Date(), ...details },
        { ranHere: false },
      );
    }
    // Stopping a closed execution is not an error on AWS: it answers with its stop date.
    const closed = await this.requireExecution(request.executionArn);
    return { stopDate: closed.stopDate ?? new Date() };
  }

  async sendTaskSuccess(request: SendTaskSuccessInput): Promise<void> {
    await this.callbacks.succeed(request.taskToken, request.output);
  }

  async sendTaskFailure(request: SendTaskFailureInput): Promise<void> {
    // AWS leaves both optional; Catch then sees an empty Error name (matched by States.ALL).
    await this.callbacks.fail(request.taskToken, request.error ?? '', request.cause ?? '');
  }

  async sendTaskHeartbeat(request: { taskToken: string }): Promise<void> {
    await this.callbacks.heartbeat(request.taskToken);
  }

  /**
   * After a restart: runs again, from StartAt with their original input, the executions the
   * journal still records as RUNNING that this process is not running. Claim steps are
   * idempotent, so a step that ran before the restart answers from what it stored. The old
   * process's open waits died with it: their tokens are cancelled, and the re-run state mints
   * new ones (the claim handlers store the new token on the case). Returns the ARNs re-driven.
   */
  async redriveUnfinished(stateMachineArn: string): Promise<string[]> {
    const machine = this.requireStateMachine(stateMachineArn);
    const running = await this.journal.listExecutions({ stateMachineArn, status: 'RUNNING' });
    const redriven: string[] = [];
    for (const record of running) {
      if (this.live.has(record.executionArn) || this.admitting.has(record.executionArn)) continue;
      const input = parseJson(record.input);
      if (!input.ok) continue;
      await this.callbacks.abandonAllOf(
        record.executionArn,
        new TaskFailure('States.Runtime', 'the process that waited on this task restarted'),
      );
      // Each waits for a slot like a new start, without holding up the others' re-drive.
      this.launchWhenAdmitted(machine, record, input.value);
      redriven.push(record.executionArn);
    }
    if (redriven.length > 0)
      this.logger({ level: 'info', message: `re-driven ${redriven.length} execution(s)` });
    return redriven;
  }

  /**
   * RedriveExecution, as far as this runner can: a FAILED, TIMED_OUT or ABORTED execution runs
   * again under its own name, from StartAt with its input (AWS resumes at the failed state; the
   * claim steps are idempotent, so the states that had succeeded answer from what they stored).
   */
  async redriveExecution(request: { executionArn: string }): Promise<void> {
    const record = await this.requireExecution(request.executionArn);
    const input = parseJson(record.input);
    if (!input.ok || !(await this.journal.reopenExecution(record.executionArn))) {
      throw new SfnServiceError(
        'ExecutionNotRedrivable',
        `Execution ${record.executionArn} is ${record.status}: only a failed, timed-out or aborted one can be redriven`,
      );
    }
    this.launchWhenAdmitted(
      this.requireStateMachine(record.stateMachineArn),
      { ...record, status: 'RUNNING' },
      input.value,
    );
  }

  /** Resolves when the execution has ended (at once if it has), with its description. */
  async waitForExecution(executionArn: string): Promise<ExecutionRecord> {
    await this.live.get(executionArn)?.settled;
    return this.requireExecution(executionArn);
  }

  /**
   * Ends every run in this process without recording them as ended: in a persistent journal
   * they stay RUNNING for the next process to re-drive. Further starts are refused.
   */
  async shutdown(): Promise<void> {
    this.isShutDown = true;
    const running = [...this.live.values()];
    for (const execution of running) execution.drop();
    this.callbacks.detach(new TaskFailure('States.Runtime', 'The local Step Functions shut down'));
    await Promise.all(running.map((execution) => execution.settled));
    // Writes already asked for (a start, a token's closing) are answered before the store goes.
    await this.journal.settled?.();
  }

  /**
   * Waits for a slot (admission.ts). Meanwhile the execution is `admitting`: not re-driven twice,
   * and a StopExecution closes its ticket so it never launches. Undefined: not to be launched.
   */
  private async admit(executionArn: string): Promise<AdmissionTicket | undefined> {
    const ticket = this.admission.ticket();
    this.admitting.set(executionArn, ticket);
    await ticket.hold('start');
    this.admitting.delete(executionArn);
    if (!ticket.isClosed && !this.isShutDown) return ticket;
    ticket.close();
    return undefined;
  }

  /** Launches once admitted, without holding up the caller (re-drives). */
  private launchWhenAdmitted(machine: LocalStateMachine, record: ExecutionRecord, input: JsonValue): void {
    void this.admit(record.executionArn).then(
      (ticket) => ticket && this.launch(machine, record, input, ticket),
    );
  }

  private launch(
    machine: LocalStateMachine,
    record: ExecutionRecord,
    input: JsonValue,
    ticket: AdmissionTicket,
  ): void {
    const { executionArn } = record;
    let closed = false;
    let stopDetails: { error?: string; cause?: string } | undefined;
    const scope: ExecutionScope = { executionArn, isClosed: () => closed, ticket };
    const run = machine.engine.run(input, {
      overrides: { taskResourceLocalHandlers: buildTaskHandlers(machine.tasks, this.taskRuntime, scope) },
      context: {
        // The library fills in Execution.Input and StartTime itself; the rest is ours to give.
        Execution: { Id: executionArn, Name: record.name },
        StateMachine: { Id: machine.stateMachineArn, Name: machine.name },
        Task: { Token: this.taskRuntime.taskTokenPlaceholder },
      },
    });
    void countTransitions(run.eventLogs);
    const settled = outcomeOf(run.result)
      .then(async (outcome) => {
        closed = true;
        if (this.isShutDown) return;
        const details = outcome.status === 'ABORTED' ? stopDetails : undefined;
        await this.closeExecution(executionArn, { ...outcome, ...details, stopDate: new Date() });
      })
      .catch((error: unknown) => {
        this.logger({
          level: 'error',
          message: 'could not record the end of an execution',
          executionArn,
          error,
        });
      })
      .finally(() => {
        ticket.close();
        this.live.delete(executionArn);
      });
    this.live.set(executionArn, {
      stop: (details) => {
        closed = true;
        stopDetails = details;
        run.abort();
      },
      drop: () => {
        closed = true;
        run.abort();
      },
      settled,
    });
  }

  private async closeExecution(
    executionArn: string,
    closing: ExecutionClosing,
    { ranHere = true } = {},
  ): Promise<void> {
    if (!(await this.journal.closeExecution(executionArn, closing))) return;
    this.onExecutionClosed?.(executionArn, closing);
    // Waits still open belong to an execution that is over: their tokens are dead now.
    const reason = executionClosed(executionArn);
    await (ranHere
      ? this.callbacks.abandonOpenedHere(executionArn, reason)
      : this.callbacks.abandonAllOf(executionArn, reason));
    this.logger({
      level: closing.status === 'SUCCEEDED' ? 'info' : 'warn',
      message: `execution ${closing.status}`,
      executionArn,
      ...definedOnly({ error: closing.error, cause: closing.cause }),
    });
  }

  /** AWS: a repeated start is idempotent while running with the same input; else the name is taken. */
  private async repeatStart(attempt: ExecutionRecord): Promise<StartExecutionOutput> {
    const existing = await this.journal.getExecution(attempt.executionArn);
    if (existing?.status === 'RUNNING' && existing.input === attempt.input) {
      return { executionArn: existing.executionArn, startDate: existing.startDate };
    }
    throw new SfnServiceError(
      'ExecutionAlreadyExists',
      `Execution Already Exists: '${attempt.executionArn}'`,
    );
  }

  private requireStateMachine(stateMachineArn: string): LocalStateMachine {
    if (!isStateMachineArn(stateMachineArn)) {
      throw new SfnServiceError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
    }
    const machine = this.machines.get(stateMachineArn);
    if (!machine) {
      throw new SfnServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    return machine;
  }

  private async requireExecution(executionArn: string): Promise<ExecutionRecord> {
    if (!isExecutionArn(executionArn))
      throw new SfnServiceError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    const record = await this.journal.getExecution(executionArn);
    if (!record)
      throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }
}

function definedOnly<T extends Record<string, string | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: string;
  };
}
