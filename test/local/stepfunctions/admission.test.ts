import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionAdmission } from '../../../local/stepfunctions/admission';
import type { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import { aslFixture, fastStepFunctions, functionArn, json, substitutionsFor } from './helpers';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ExecutionAdmission', () => {
  it('admits up to its limit, then hands slots over in order, resumed executions first', async () => {
    const admission = new ExecutionAdmission(2);
    const order: string[] = [];
    const take = (name: string, kind: 'start' | 'resume') =>
      admission.acquire(kind).then(() => order.push(name));
    await Promise.all([take('a', 'start'), take('b', 'start')]);
    void take('c', 'start');
    void take('d', 'start');
    void take('r', 'resume');
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(admission.usage()).toEqual({ active: 2, waiting: 3 });
    admission.release();
    await tick();
    admission.release();
    await tick();
    expect(order).toEqual(['a', 'b', 'r', 'c']);
    admission.release();
    admission.release();
    admission.release();
    await tick();
    expect(order).toEqual(['a', 'b', 'r', 'c', 'd']);
    expect(admission.usage()).toEqual({ active: 0, waiting: 0 });
  });

  it('a ticket closed while it waits never keeps the slot it is handed', async () => {
    const admission = new ExecutionAdmission(1);
    const first = admission.ticket();
    await first.hold('start');
    const second = admission.ticket();
    const waiting = second.hold('start');
    second.close();
    first.close();
    await waiting;
    expect(admission.usage()).toEqual({ active: 0, waiting: 0 });
    // Closing twice, releasing what is not held: nothing given back twice.
    first.close();
    second.release();
    expect(admission.usage()).toEqual({ active: 0, waiting: 0 });
  });
});

describe('the local runner with a bound on active executions', () => {
  let sfn: LocalStepFunctions;
  afterEach(() => sfn.shutdown());

  /** A one-task machine whose task waits until the spec lets it go; counts tasks running at once. */
  function gatedMachine(limit: number) {
    sfn = fastStepFunctions({ maxActiveExecutions: limit });
    const gates: Array<() => void> = [];
    let running = 0;
    let most = 0;
    sfn.registerLambda(functionArn('Step'), async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      return { done: true };
    });
    const { stateMachineArn } = sfn.createStateMachine({
      name: 'gated',
      definition: json({
        StartAt: 'Step',
        States: { Step: { Type: 'Task', Resource: '${StepFunctionArn}', End: true } },
      }),
      substitutions: substitutionsFor('Step'),
    });
    return { stateMachineArn, gates, most: () => most };
  }

  it('runs at most the bound at once; a further start answers once its execution runs', async () => {
    const { stateMachineArn, gates, most } = gatedMachine(2);
    const started = [0, 1, 2].map((n) =>
      sfn.startExecution({ stateMachineArn, name: `e-${n}`, input: '{}' }).then(() => n),
    );
    const answered: number[] = [];
    for (const s of started) void s.then((n) => answered.push(n));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered.sort()).toEqual([0, 1]);
    expect(gates).toHaveLength(2);
    gates.shift()?.();
    await started[2];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gates).toHaveLength(2);
    for (const open of gates.splice(0)) open();
    expect(most()).toBe(2);
  });

  it('an execution stopped while it waits for a slot never runs', async () => {
    const { stateMachineArn, gates } = gatedMachine(1);
    await sfn.startExecution({ stateMachineArn, name: 'first', input: '{}' });
    const second = sfn.startExecution({ stateMachineArn, name: 'second', input: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const executionArn = (await sfn.listExecutions({ stateMachineArn })).executions.find(
      (e) => e.name === 'second',
    )?.executionArn;
    expect(executionArn).toBeDefined();
    await sfn.stopExecution({ executionArn: executionArn ?? '' });
    gates.shift()?.();
    await second;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gates).toHaveLength(0);
    expect((await sfn.describeExecution({ executionArn: executionArn ?? '' })).status).toBe('ABORTED');
  });

  it('an execution waiting for a callback gives its slot to the next start, and resumes', async () => {
    sfn = fastStepFunctions({ maxActiveExecutions: 1 });
    const tokens: string[] = [];
    sfn.registerLambda(functionArn('RequestEBill'), async (event: { taskToken: string }) => {
      tokens.push(event.taskToken);
      return {};
    });
    sfn.registerLambda(functionArn('VerifyEBill'), async () => ({ valid: true }));
    const { stateMachineArn } = sfn.createStateMachine({
      name: 'waits',
      definition: aslFixture('callback'),
      substitutions: substitutionsFor('RequestEBill', 'VerifyEBill'),
    });
    const a = await sfn.startExecution({ stateMachineArn, name: 'a', input: json({ claimId: 'A' }) });
    // With one slot, b starts only because a waits for its e-bill without holding it.
    const b = await sfn.startExecution({ stateMachineArn, name: 'b', input: json({ claimId: 'B' }) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tokens).toHaveLength(2);
    for (const taskToken of tokens) await sfn.sendTaskSuccess({ taskToken, output: json({ totalFen: 1 }) });
    expect((await sfn.waitForExecution(a.executionArn)).status).toBe('SUCCEEDED');
    expect((await sfn.waitForExecution(b.executionArn)).status).toBe('SUCCEEDED');
  });
});

describe('a failed task gives its slot back while its retry sleeps', () => {
  it('another execution runs meanwhile, and the retry succeeds after', async () => {
    const sfn = fastStepFunctions({ maxActiveExecutions: 1, timeScale: 1 });
    try {
      const ran: string[] = [];
      let failures = 0;
      sfn.registerLambda(functionArn('Step'), async (event: { name: string }) => {
        ran.push(event.name);
        if (event.name === 'flaky' && failures++ === 0)
          throw Object.assign(new Error('down'), { name: 'Down' });
        return { done: true };
      });
      const { stateMachineArn } = sfn.createStateMachine({
        name: 'retrying',
        definition: json({
          StartAt: 'Step',
          States: {
            Step: {
              Type: 'Task',
              Resource: '${StepFunctionArn}',
              Retry: [{ ErrorEquals: ['Down'], IntervalSeconds: 1, MaxAttempts: 2 }],
              End: true,
            },
          },
        }),
        substitutions: substitutionsFor('Step'),
      });
      const flaky = await sfn.startExecution({
        stateMachineArn,
        name: 'flaky',
        input: json({ name: 'flaky' }),
      });
      // With one slot, this start answers during the flaky one's 1 s retry sleep, not after it.
      const startedAt = Date.now();
      const other = await sfn.startExecution({
        stateMachineArn,
        name: 'other',
        input: json({ name: 'other' }),
      });
      expect(Date.now() - startedAt).toBeLessThan(900);
      expect((await sfn.waitForExecution(other.executionArn)).status).toBe('SUCCEEDED');
      expect((await sfn.waitForExecution(flaky.executionArn)).status).toBe('SUCCEEDED');
      expect(ran).toEqual(['flaky', 'other', 'flaky']);
    } finally {
      await sfn.shutdown();
    }
  });
});
