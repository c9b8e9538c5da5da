import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefinitionSource } from '../../../local/stepfunctions/definition';
import { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import { encodeTaskToken } from '../../../local/stepfunctions/task-token';
import {
  ACCOUNT,
  aslFixture,
  fastStepFunctions,
  functionArn,
  json,
  nextValue,
  parsedOutput,
  REGION,
  substitutionsFor,
  validateFixtures,
} from './helpers';

interface EBillRequest {
  claimId: string;
  taskToken: string;
  callbackPath: string;
}

const callbackMachine = (sfn: LocalStepFunctions, definition: DefinitionSource = aslFixture('callback')) =>
  sfn.createStateMachine({
    name: 'wait-for-ebill',
    definition,
    substitutions: substitutionsFor('RequestEBill', 'VerifyEBill'),
  }).stateMachineArn;

/** Registers a RequestEBill handler on `sfn` that hands over the request it receives. */
function expectEBillRequest(sfn: LocalStepFunctions) {
  const request = nextValue<EBillRequest>();
  sfn.registerLambda(functionArn('RequestEBill'), async (event: EBillRequest) => {
    request.deliver(event);
    return { requested: true };
  });
  return request.promise;
}

describe('local Step Functions: .waitForTaskToken tasks', () => {
  let sfn: LocalStepFunctions;
  let stateMachineArn: string;
  const verified: unknown[] = [];

  beforeAll(() => {
    sfn = fastStepFunctions(); // TimeoutSeconds 300 → 3 s
    stateMachineArn = callbackMachine(sfn);
    sfn.registerLambda(functionArn('VerifyEBill'), async (event: { ebill: { totalFen: number } }) => {
      verified.push(event);
      return { totalFen: event.ebill.totalFen, valid: true };
    });
  });
  afterAll(() => sfn.shutdown());

  async function startWaiting(claimId: string) {
    const request = expectEBillRequest(sfn);
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: json({ claimId }) });
    return { executionArn, request: await request };
  }

  it('gives the handler a task token ($$.Task.Token) and waits until SendTaskSuccess, whose output flows on', async () => {
    const { executionArn, request } = await startWaiting('C-10');

    expect(request.claimId).toBe('C-10');
    expect(request.taskToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(request.callbackPath).toBe(`/callbacks/${request.taskToken}`);
    expect((await sfn.describeExecution({ executionArn })).status).toBe('RUNNING');

    await sfn.sendTaskSuccess({
      taskToken: request.taskToken,
      output: json({ billNo: 'EB-7', totalFen: 4200 }),
    });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(parsedOutput(execution)).toEqual({
      claimId: 'C-10',
      ebill: { billNo: 'EB-7', totalFen: 4200 },
      verification: { totalFen: 4200, valid: true },
    });
  });

  it('gives every wait its own token', async () => {
    const first = await startWaiting('C-11');
    const second = await startWaiting('C-12');

    expect(first.request.taskToken).not.toBe(second.request.taskToken);
    await sfn.sendTaskSuccess({ taskToken: second.request.taskToken, output: json({ totalFen: 2 }) });
    await sfn.sendTaskSuccess({ taskToken: first.request.taskToken, output: json({ totalFen: 1 }) });
    const outputs = await Promise.all(
      [first, second].map(({ executionArn }) => sfn.waitForExecution(executionArn)),
    );
    expect(outputs.map((execution) => parsedOutput(execution))).toMatchObject([
      { claimId: 'C-11', ebill: { totalFen: 1 } },
      { claimId: 'C-12', ebill: { totalFen: 2 } },
    ]);
  });

  it('routes SendTaskFailure to the Catch for its error name, with error and cause as given', async () => {
    const { executionArn, request } = await startWaiting('C-13');

    await sfn.sendTaskFailure({
      taskToken: request.taskToken,
      error: 'EBill.Voided',
      cause: 'red bill R-1 issued',
    });
    const execution = await sfn.waitForExecution(executionArn);

    expect(parsedOutput(execution)).toEqual({
      claimId: 'C-13',
      failure: { Error: 'EBill.Voided', Cause: 'red bill R-1 issued' },
      route: 'rejected',
    });
  });

  it('fails the task when its handler throws before the token is used', async () => {
    sfn.registerLambda(functionArn('RequestEBill'), async () => {
      throw new RangeError('hospital code 999 unknown');
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: json({ claimId: 'C-14' }) });
    const execution = await sfn.waitForExecution(executionArn);

    const output = parsedOutput(execution) as { route: string; failure: { Error: string } };
    expect(output.route).toBe('failed');
    expect(output.failure.Error).toBe('RangeError');
  });

  it('resumes even when the handler sends the token itself before returning', async () => {
    sfn.registerLambda(functionArn('RequestEBill'), async (event: EBillRequest) => {
      // The bill was issued already: the handler completes its own wait.
      await sfn.sendTaskSuccess({ taskToken: event.taskToken, output: json({ totalFen: 99 }) });
      return { requested: false };
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: json({ claimId: 'C-15' }) });

    expect((await sfn.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('accepts heartbeats while the token is open, and no call at all once it is used', async () => {
    const { executionArn, request } = await startWaiting('C-16');
    const { taskToken } = request;

    await expect(sfn.sendTaskHeartbeat({ taskToken })).resolves.toBeUndefined();
    await sfn.sendTaskSuccess({ taskToken, output: json({ totalFen: 1 }) });
    await sfn.waitForExecution(executionArn);

    await expect(sfn.sendTaskHeartbeat({ taskToken })).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(sfn.sendTaskSuccess({ taskToken, output: '{}' })).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('names bad tokens and outputs as AWS does', async () => {
    const { request } = await startWaiting('C-17');
    const unknownToken = encodeTaskToken({
      executionArn: `arn:aws-cn:states:${REGION}:${ACCOUNT}:execution:wait-for-ebill:gone`,
      stateName: 'WaitForEBill',
      nonce: 'none',
    });

    await expect(sfn.sendTaskSuccess({ taskToken: 'not-a-token', output: '{}' })).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    await expect(sfn.sendTaskSuccess({ taskToken: unknownToken, output: '{}' })).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await expect(
      sfn.sendTaskSuccess({ taskToken: request.taskToken, output: '{oops' }),
    ).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
    // A refused output leaves the token open.
    await expect(sfn.sendTaskHeartbeat({ taskToken: request.taskToken })).resolves.toBeUndefined();
  });
});

/** The callback fixture with a TimeoutSeconds of 30 days, past what setTimeout can hold. */
function callbackWaitingThirtyDays(): DefinitionSource {
  const definition = JSON.parse(aslFixture('callback')) as {
    States: { WaitForEBill: Record<string, unknown> };
  };
  definition.States.WaitForEBill['TimeoutSeconds'] = 30 * 24 * 3600;
  return definition;
}

describe('local Step Functions: .waitForTaskToken timeouts', () => {
  beforeAll(() => {
    callbackMachine(fastStepFunctions(), callbackWaitingThirtyDays()); // validated once, off the clock
  });

  it('fails with States.Timeout after TimeoutSeconds, which States.TaskFailed does not catch', async () => {
    const sfn = fastStepFunctions({ timeScale: 0.0002 }); // 300 s → 60 ms
    try {
      const request = expectEBillRequest(sfn);
      const stateMachineArn = callbackMachine(sfn);
      const { executionArn } = await sfn.startExecution({
        stateMachineArn,
        input: json({ claimId: 'C-20' }),
      });
      const execution = await sfn.waitForExecution(executionArn);

      const output = parsedOutput(execution) as { route: string; failure: { Error: string } };
      expect(output.route).toBe('clerk');
      expect(output.failure.Error).toBe('States.Timeout');
      const { taskToken } = await request;
      await expect(sfn.sendTaskSuccess({ taskToken, output: '{}' })).rejects.toMatchObject({
        name: 'TaskTimedOut',
      });
    } finally {
      await sfn.shutdown();
    }
  });

  it('keeps waiting when TimeoutSeconds is beyond what a timer can hold (~24.8 days)', async () => {
    const sfn = new LocalStepFunctions({ region: REGION, accountId: ACCOUNT });
    try {
      const request = expectEBillRequest(sfn);
      sfn.registerLambda(functionArn('VerifyEBill'), async () => ({ valid: true }));
      const { executionArn } = await sfn.startExecution({
        stateMachineArn: callbackMachine(sfn, callbackWaitingThirtyDays()),
        input: json({ claimId: 'C-21' }),
      });
      const { taskToken } = await request;
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect((await sfn.describeExecution({ executionArn })).status).toBe('RUNNING');
      await sfn.sendTaskSuccess({ taskToken, output: json({ totalFen: 1 }) });
      const execution = await sfn.waitForExecution(executionArn);
      expect(parsedOutput(execution)).toMatchObject({
        ebill: { totalFen: 1 },
        verification: { valid: true },
      });
    } finally {
      await sfn.shutdown();
    }
  });
});

describe('local Step Functions: Task TimeoutSeconds on direct Lambda tasks', () => {
  beforeAll(() => validateFixtures({ 'task-timeout': ['CallHospital'] }));

  it('fails a handler that runs past TimeoutSeconds with States.Timeout', async () => {
    const sfn = fastStepFunctions({ timeScale: 0.05 }); // 2 s → 100 ms
    try {
      sfn.registerLambda(
        functionArn('CallHospital'),
        () => new Promise((resolve) => setTimeout(resolve, 400)),
      );
      const { stateMachineArn } = sfn.createStateMachine({
        name: 'task-timeout',
        definition: aslFixture('task-timeout'),
        substitutions: substitutionsFor('CallHospital'),
      });
      const { executionArn } = await sfn.startExecution({ stateMachineArn });
      const execution = await sfn.waitForExecution(executionArn);

      expect(parsedOutput(execution)).toMatchObject({
        failure: { Error: 'States.Timeout' },
        route: 'timed-out',
      });
    } finally {
      await sfn.shutdown();
    }
  });
});
