import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDurableEvents } from '../../../local/eventbridge/durable-events';
import { LocalEventBus } from '../../../local/eventbridge/local-bus';
import { isSfnServiceError } from '../../../local/stepfunctions/errors';
import type { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import {
  ACCOUNT,
  aslFixture,
  fastStepFunctions,
  functionArn,
  json,
  REGION,
  substitutionsFor,
} from './helpers';

describe('local Step Functions: a failed execution is dead-lettered and redriven once', () => {
  let sfn: LocalStepFunctions | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await sfn?.shutdown();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lands in the DLQ with its error; redrive after the fix runs it to success, a second redrive does nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'crossclaim-wf-dlq-'));
    const durable = openDurableEvents(dir, { region: REGION, accountId: ACCOUNT });
    const machine = fastStepFunctions({ onExecutionClosed: durable.onExecutionClosed });
    sfn = machine;
    let fixed = false;
    let runs = 0;
    machine.registerLambda(functionArn('LoadClaim'), async () => {
      runs += 1;
      if (!fixed) throw Object.assign(new Error('the table is unreachable'), { name: 'StoreDown' });
      return { claimId: 'C-1' };
    });
    machine.registerLambda(functionArn('Adjudicate'), async () => ({ benefitFen: 100 }));
    machine.registerLambda(functionArn('Notify'), async () => ({ notified: true }));
    const { stateMachineArn } = machine.createStateMachine({
      name: 'chain',
      definition: aslFixture('chain'),
      substitutions: substitutionsFor('LoadClaim', 'Adjudicate', 'Notify'),
    });
    const { executionArn } = await machine.startExecution({
      stateMachineArn,
      name: 'C-1',
      input: json({ claimId: 'C-1' }),
    });
    expect((await machine.waitForExecution(executionArn)).status).toBe('FAILED');

    const bus = new LocalEventBus({ name: 'crossclaim' });
    const { deadLetters: admin } = durable.adminFor(bus, async (letter) => {
      await machine.redriveExecution({ executionArn: letter.target });
      return { delivered: true };
    });
    const [letter, ...others] = admin.list(false);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ source: 'workflow', ruleName: 'chain', target: executionArn });
    expect(letter?.error).toContain('StoreDown');
    expect(letter?.event).toMatchObject({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
    });

    fixed = true;
    expect(await admin.redrive(letter!.id)).toMatchObject({ Outcome: 'delivered' });
    const after = await machine.waitForExecution(executionArn);
    expect(after.status).toBe('SUCCEEDED');
    expect(after.stopDate).toBeDefined();
    const runsAfter = runs;
    expect(await admin.redrive(letter!.id)).toMatchObject({ Outcome: 'already-redriven' });
    expect(runs).toBe(runsAfter);
    // A succeeded execution is not redrivable, as on AWS.
    await expect(machine.redriveExecution({ executionArn })).rejects.toSatisfy((error) =>
      isSfnServiceError(error, 'ExecutionNotRedrivable'),
    );
  });
});
