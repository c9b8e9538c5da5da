import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import { startSfnApiServer, type SfnApiServer } from '../../../local/stepfunctions/sfn-api-server';
import { encodeTaskToken } from '../../../local/stepfunctions/task-token';
import { aslFixture, fastStepFunctions, functionArn, json, nextValue, substitutionsFor } from './helpers';

describe('SFN API server, driven by an unmodified @aws-sdk/client-sfn', () => {
  let sfn: LocalStepFunctions;
  let server: SfnApiServer;
  let client: SFNClient;
  let waitingMachine: string;
  let instantMachine: string;

  beforeAll(async () => {
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
    sfn.registerLambda(functionArn('VerifyEBill'), async () => ({ valid: true }));
    server = await startSfnApiServer({ sfn });
    client = new SFNClient({
      endpoint: server.url,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
    await sfn.shutdown();
  });

  /** Starts a waiting execution through the API; resolves once its handler has the token. */
  async function startWaiting(name: string) {
    const token = nextValue<string>();
    sfn.registerLambda(functionArn('RequestEBill'), async (event: { taskToken: string }) =>
      token.deliver(event.taskToken),
    );
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: waitingMachine, name, input: json({ claimId: name }) }),
    );
    return { executionArn: started.executionArn ?? '', taskToken: await token.promise };
  }

  it('listens on loopback', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('StartExecution, then DescribeExecution shows it SUCCEEDED with its output and dates', async () => {
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: instantMachine,
        name: 'api-1',
        input: json({ needsReview: true }),
      }),
    );
    await sfn.waitForExecution(started.executionArn ?? '');
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    expect(started.startDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      executionArn: started.executionArn,
      stateMachineArn: instantMachine,
      name: 'api-1',
      status: 'SUCCEEDED',
      output: json({ needsReview: true, route: 'review' }),
      startDate: started.startDate,
    });
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(started.startDate?.getTime() ?? Infinity);
  });

  it('SendTaskSuccess resumes a waiting execution with its output', async () => {
    const { executionArn, taskToken } = await startWaiting('api-2');

    await client.send(new SendTaskSuccessCommand({ taskToken, output: json({ totalFen: 880 }) }));
    await sfn.waitForExecution(executionArn);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));

    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '{}')).toMatchObject({ ebill: { totalFen: 880 } });
  });

  it('SendTaskFailure fails the task with the error name its Catch matches', async () => {
    const { executionArn, taskToken } = await startWaiting('api-3');

    await client.send(new SendTaskFailureCommand({ taskToken, error: 'EBill.Voided', cause: 'red bill' }));
    await sfn.waitForExecution(executionArn);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));

    expect(JSON.parse(described.output ?? '{}')).toMatchObject({ route: 'rejected' });
  });

  it('throws TaskDoesNotExist for an unknown token and InvalidToken for something that is no token', async () => {
    const unknownToken = encodeTaskToken({
      executionArn: waitingMachine.replace(':stateMachine:', ':execution:') + ':gone',
      stateName: 'WaitForEBill',
      nonce: '0',
    });

    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: unknownToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
  });

  it('ListExecutions filters by status', async () => {
    const running = await startWaiting('api-running');
    const listed = await client.send(
      new ListExecutionsCommand({ stateMachineArn: waitingMachine, statusFilter: 'RUNNING' }),
    );

    expect(listed.executions?.map((execution) => execution.name)).toEqual(['api-running']);
    expect(listed.executions?.[0]?.startDate).toBeInstanceOf(Date);
    await client.send(new StopExecutionCommand({ executionArn: running.executionArn }));
  });

  it('StopExecution aborts a waiting execution: DescribeExecution shows ABORTED', async () => {
    const { executionArn } = await startWaiting('api-stop');

    const stopped = await client.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'by citizen' }),
    );
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));

    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'by citizen' });
  });

  it('throws ExecutionAlreadyExists and ExecutionDoesNotExist as their named exceptions', async () => {
    await startWaiting('api-taken');
    const conflicting = new StartExecutionCommand({
      stateMachineArn: waitingMachine,
      name: 'api-taken',
      input: '{}',
    });
    const missing = new DescribeExecutionCommand({
      executionArn: waitingMachine.replace(':stateMachine:', ':execution:') + ':nobody',
    });

    await expect(client.send(conflicting)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(client.send(missing)).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('answers a request body that breaks the API limits with a ValidationException naming the field', async () => {
    const tooLongError = new SendTaskFailureCommand({ taskToken: 'x', error: 'E'.repeat(257) });

    await expect(client.send(tooLongError)).rejects.toThrow(ValidationException);
    await expect(client.send(tooLongError)).rejects.toThrow(/'error'/);
  });

  it('speaks AWS JSON 1.0 on the wire: missing fields and unknown operations are named', async () => {
    const post = (target: string, body: unknown) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
        body: JSON.stringify(body),
      });

    const missingToken = await post('AWSStepFunctions.SendTaskSuccess', { output: '{}' });
    expect(missingToken.status).toBe(400);
    expect(missingToken.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await missingToken.json()).toMatchObject({
      __type: 'ValidationException',
      message: expect.stringContaining("'taskToken'"),
    });

    const unknown = await post('AWSStepFunctions.CreateActivity', { name: 'x' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});
