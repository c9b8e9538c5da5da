import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryExecutionJournal } from '../../../local/stepfunctions/in-memory-execution-journal';
import type { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import {
  aslFixture,
  fastStepFunctions,
  functionArn,
  json,
  nextValue,
  parsedOutput,
  substitutionsFor,
} from './helpers';

describe('local Step Functions: executions', () => {
  let sfn: LocalStepFunctions;
  /** Runs until its task token is sent: a RUNNING execution on demand. */
  let waitingMachine: string;
  /** Ends at once. */
  let instantMachine: string;
  const verifiedClaims: string[] = [];

  beforeAll(() => {
    sfn = fastStepFunctions();
    waitingMachine = sfn.createStateMachine({
      name: 'wait-for-ebill',
      definition: aslFixture('callback'),
      substitutions: substitutionsFor('RequestEBill', 'VerifyEBill'),
    }).stateMachineArn;
    instantMachine = sfn.createStateMachine({
      name: 'choice',
      definition: aslFixture('choice'),
    }).stateMachineArn;
    sfn.registerLambda(functionArn('VerifyEBill'), async (event: { claimId: string }) => {
      verifiedClaims.push(event.claimId);
      return {};
    });
  });
  afterAll(() => sfn.shutdown());

  async function startWaiting(name: string, claimId = name) {
    const received = nextValue<string>();
    sfn.registerLambda(functionArn('RequestEBill'), async (event: { taskToken: string }) => {
      received.deliver(event.taskToken);
      return {};
    });
    const started = await sfn.startExecution({
      stateMachineArn: waitingMachine,
      name,
      input: json({ claimId }),
    });
    return { ...started, taskToken: await received.promise };
  }

  it('describes a finished execution: input and output as JSON text, start and stop dates', async () => {
    const input = json({ needsReview: true });
    const before = Date.now();
    const { executionArn, startDate } = await sfn.startExecution({
      stateMachineArn: instantMachine,
      name: 'd-1',
      input,
    });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution).toMatchObject({
      executionArn,
      stateMachineArn: instantMachine,
      name: 'd-1',
      status: 'SUCCEEDED',
      input,
      output: json({ needsReview: true, route: 'review' }),
    });
    expect(executionArn).toBe('arn:aws-cn:states:cn-north-1:000000000000:execution:choice:d-1');
    expect(startDate.getTime()).toBeGreaterThanOrEqual(before);
    expect(execution.stopDate?.getTime()).toBeGreaterThanOrEqual(startDate.getTime());
  });

  it('treats a repeated start of a running execution with the same input as the same start', async () => {
    const first = await startWaiting('same-twice');
    const again = await sfn.startExecution({
      stateMachineArn: waitingMachine,
      name: 'same-twice',
      input: json({ claimId: 'same-twice' }),
    });

    expect(again).toEqual({ executionArn: first.executionArn, startDate: first.startDate });
    await sfn.stopExecution({ executionArn: first.executionArn });
  });

  it('refuses the name of a running execution with a different input: ExecutionAlreadyExists', async () => {
    const first = await startWaiting('taken');
    const conflicting = sfn.startExecution({
      stateMachineArn: waitingMachine,
      name: 'taken',
      input: json({ claimId: 'x' }),
    });

    await expect(conflicting).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await sfn.stopExecution({ executionArn: first.executionArn });
  });

  it('refuses the name of a finished execution even with the same input, as AWS does', async () => {
    const input = json({ needsReview: false });
    const { executionArn } = await sfn.startExecution({
      stateMachineArn: instantMachine,
      name: 'done-once',
      input,
    });
    await sfn.waitForExecution(executionArn);

    await expect(
      sfn.startExecution({ stateMachineArn: instantMachine, name: 'done-once', input }),
    ).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('stops a waiting execution: ABORTED with the given error and cause, its task token dead', async () => {
    const { executionArn, taskToken } = await startWaiting('to-stop');

    const { stopDate } = await sfn.stopExecution({
      executionArn,
      error: 'Claim.Withdrawn',
      cause: 'citizen withdrew',
    });
    const execution = await sfn.describeExecution({ executionArn });

    expect(execution).toMatchObject({
      status: 'ABORTED',
      error: 'Claim.Withdrawn',
      cause: 'citizen withdrew',
      stopDate,
    });
    await expect(sfn.sendTaskSuccess({ taskToken, output: '{}' })).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    expect(verifiedClaims).not.toContain('to-stop');
  });

  it('leaves an execution that already ended as it was when asked to stop it', async () => {
    const input = json({ needsReview: false });
    const { executionArn } = await sfn.startExecution({ stateMachineArn: instantMachine, input });
    const ended = await sfn.waitForExecution(executionArn);

    expect(await sfn.stopExecution({ executionArn })).toEqual({ stopDate: ended.stopDate });
    expect((await sfn.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
  });

  it('lists a machine’s executions newest first, by status, a page at a time', async () => {
    const running = await startWaiting('list-running');
    const finished = await startWaiting('list-finished');
    await sfn.sendTaskSuccess({ taskToken: finished.taskToken, output: '{}' });
    await sfn.waitForExecution(finished.executionArn);

    const runningNames = (
      await sfn.listExecutions({ stateMachineArn: waitingMachine, statusFilter: 'RUNNING' })
    ).executions.map((execution) => execution.name);
    const succeededNames = (
      await sfn.listExecutions({ stateMachineArn: waitingMachine, statusFilter: 'SUCCEEDED' })
    ).executions.map((execution) => execution.name);
    expect(runningNames).toEqual(['list-running']);
    expect(succeededNames).toContain('list-finished');
    expect(succeededNames).not.toContain('list-running');

    const firstPage = await sfn.listExecutions({ stateMachineArn: waitingMachine, maxResults: 1 });
    expect(firstPage.executions.map((execution) => execution.name)).toEqual(['list-finished']);
    const secondPage = await sfn.listExecutions({
      stateMachineArn: waitingMachine,
      maxResults: 1,
      nextToken: firstPage.nextToken,
    });
    expect(secondPage.executions.map((execution) => execution.name)).toEqual(['list-running']);
    await sfn.stopExecution({ executionArn: running.executionArn });
  });

  it('names unknown and malformed references as AWS does', async () => {
    const missingExecution = waitingMachine.replace(':stateMachine:', ':execution:') + ':nobody';
    const missingMachine = waitingMachine.replace('wait-for-ebill', 'nothing');

    await expect(sfn.describeExecution({ executionArn: missingExecution })).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
    await expect(sfn.describeExecution({ executionArn: 'claim-1' })).rejects.toMatchObject({
      name: 'InvalidArn',
    });
    await expect(sfn.startExecution({ stateMachineArn: missingMachine })).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    await expect(
      sfn.startExecution({ stateMachineArn: instantMachine, input: '{not json' }),
    ).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    await expect(
      sfn.startExecution({ stateMachineArn: instantMachine, name: 'has space' }),
    ).rejects.toMatchObject({
      name: 'InvalidName',
    });
  });
});

describe('local Step Functions: time', () => {
  let sfn: LocalStepFunctions;
  let waitMachine: string;
  let waitTooLongMachine: string;

  beforeAll(() => {
    sfn = fastStepFunctions(); // Wait Seconds 5 → 50 ms
    waitMachine = sfn.createStateMachine({ name: 'wait', definition: aslFixture('wait') }).stateMachineArn;
    // TimeoutSeconds 1 → 10 ms: shorter than the wait.
    const definition = { ...JSON.parse(aslFixture('wait')), TimeoutSeconds: 1 };
    waitTooLongMachine = sfn.createStateMachine({ name: 'wait-too-long', definition }).stateMachineArn;
  });
  afterAll(() => sfn.shutdown());

  it('scales Wait states, and ResultPath "$" replaces the input with the result', async () => {
    const stateMachineArn = waitMachine;
    const started = performance.now();
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: json({ claimId: 'C-30' }) });
    const execution = await sfn.waitForExecution(executionArn);

    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(parsedOutput(execution)).toEqual({ cooled: true });
  });

  it('times an execution out after the machine’s TimeoutSeconds: TIMED_OUT', async () => {
    const { executionArn } = await sfn.startExecution({ stateMachineArn: waitTooLongMachine });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(execution.output).toBeUndefined();
  });
});

describe('local Step Functions: the execution journal', () => {
  it('keeps, after a shutdown, what a restarted process needs to re-drive a waiting execution', async () => {
    const journal = new InMemoryExecutionJournal();
    const sfn = fastStepFunctions({ journal });
    const { stateMachineArn } = sfn.createStateMachine({
      name: 'wait-for-ebill',
      definition: aslFixture('callback'),
      substitutions: substitutionsFor('RequestEBill', 'VerifyEBill'),
    });
    const requested = nextValue<boolean>();
    sfn.registerLambda(functionArn('RequestEBill'), async () => requested.deliver(true));
    const input = json({ claimId: 'C-40' });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, name: 'C-40', input });
    await requested.promise;

    await sfn.shutdown();

    expect(await journal.getExecution(executionArn)).toMatchObject({
      status: 'RUNNING',
      stateMachineArn,
      input,
    });
    const [pending, ...others] = await journal.listPendingTaskTokens(executionArn);
    expect(others).toEqual([]);
    expect(pending).toMatchObject({
      stateName: 'WaitForEBill',
      functionName: functionArn('RequestEBill'),
      payload: { claimId: 'C-40' },
    });
    await expect(sfn.startExecution({ stateMachineArn })).rejects.toThrow(/shut down/);
  });
});
