import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaLikeContext, LocalStepFunctions } from '../../../local/stepfunctions/runner';
import {
  aslFixture,
  fastStepFunctions,
  functionArn,
  json,
  parsedOutput,
  substitutionsFor,
  validateFixtures,
} from './helpers';

describe('local Step Functions: Lambda tasks', () => {
  let sfn: LocalStepFunctions;
  beforeAll(() => validateFixtures({ chain: ['LoadClaim', 'Adjudicate', 'Notify'] }));
  afterEach(() => sfn.shutdown());

  function chainMachine() {
    return sfn.createStateMachine({
      name: 'chain',
      definition: aslFixture('chain'),
      substitutions: substitutionsFor('LoadClaim', 'Adjudicate', 'Notify'),
    });
  }

  it('runs direct-ARN tasks and the lambda:invoke integration in order, output flowing on', async () => {
    sfn = fastStepFunctions();
    const events: Record<string, unknown> = {};
    sfn.registerLambda(functionArn('LoadClaim'), async (event: { claimId: string }) => {
      events['LoadClaim'] = event;
      return { claimId: event.claimId, submittedFen: 120_000 };
    });
    sfn.registerLambda(functionArn('Adjudicate'), async (event: { submittedFen: number }) => {
      events['Adjudicate'] = event;
      return { benefitFen: Math.round(event.submittedFen * 0.85) };
    });
    sfn.registerLambda(functionArn('Notify'), async (event: unknown) => {
      events['Notify'] = event;
      return { notified: true };
    });
    const { stateMachineArn } = chainMachine();

    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: json({ claimId: 'C-1' }) });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(events).toEqual({
      LoadClaim: { claimId: 'C-1' },
      Adjudicate: { claimId: 'C-1', submittedFen: 120_000 },
      Notify: { claimId: 'C-1', benefitFen: 102_000 },
    });
    expect(parsedOutput(execution)).toEqual({
      claimId: 'C-1',
      submittedFen: 120_000,
      adjudication: { benefitFen: 102_000 },
      notification: { notified: true, statusCode: 200 },
    });
  });

  it('gives each handler a Lambda context naming its function', async () => {
    sfn = fastStepFunctions();
    const contexts: LambdaLikeContext[] = [];
    const remember = async (_event: unknown, context: LambdaLikeContext) => {
      contexts.push(context);
      return { claimId: 'C-3', benefitFen: 0, notified: true };
    };
    for (const name of ['LoadClaim', 'Adjudicate', 'Notify']) sfn.registerLambda(functionArn(name), remember);
    const { executionArn } = await sfn.startExecution({ stateMachineArn: chainMachine().stateMachineArn });
    expect((await sfn.waitForExecution(executionArn)).status).toBe('SUCCEEDED');

    expect(contexts.map((context) => context.functionName)).toEqual(['LoadClaim', 'Adjudicate', 'Notify']);
    expect(contexts[0]?.invokedFunctionArn).toBe(functionArn('LoadClaim'));
    expect(new Set(contexts.map((context) => context.awsRequestId)).size).toBe(3);
    // The chain's tasks have no TimeoutSeconds: the library's 60 s bounds what is left.
    expect(contexts[0]?.getRemainingTimeInMillis()).toBeGreaterThan(50_000);
    expect(contexts[0]?.getRemainingTimeInMillis()).toBeLessThanOrEqual(60_000);
  });

  it('fails the execution with the handler error name and an AWS-style JSON cause', async () => {
    sfn = fastStepFunctions();
    class PolicyNotFoundError extends Error {
      override name = 'PolicyNotFoundError';
    }
    sfn.registerLambda(functionArn('LoadClaim'), async () => {
      throw new PolicyNotFoundError('no policy for region 310000 in 2026');
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn: chainMachine().stateMachineArn });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('PolicyNotFoundError');
    expect(JSON.parse(execution.cause ?? '{}')).toMatchObject({
      errorType: 'PolicyNotFoundError',
      errorMessage: 'no policy for region 310000 in 2026',
    });
  });

  it('fails a task whose function has no registered handler with Lambda.ResourceNotFoundException', async () => {
    sfn = fastStepFunctions();
    const { executionArn } = await sfn.startExecution({ stateMachineArn: chainMachine().stateMachineArn });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Lambda.ResourceNotFoundException');
    expect(execution.cause).toContain('LoadClaim');
  });

  it('hands each handler its own copy of the event', async () => {
    sfn = fastStepFunctions();
    sfn.registerLambda(functionArn('LoadClaim'), async (event: { claimId: string; tags: string[] }) => {
      event.tags.push('mutated');
      return { claimId: event.claimId };
    });
    sfn.registerLambda(functionArn('Adjudicate'), async () => ({ benefitFen: 1 }));
    sfn.registerLambda(functionArn('Notify'), async () => ({ notified: true }));
    const input = json({ claimId: 'C-2', tags: ['original'] });
    const { executionArn } = await sfn.startExecution({
      stateMachineArn: chainMachine().stateMachineArn,
      input,
    });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.input).toBe(input);
  });
});
