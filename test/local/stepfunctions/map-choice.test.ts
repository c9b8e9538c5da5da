import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import {
  aslFixture,
  fastStepFunctions,
  functionArn,
  json,
  parsedOutput,
  substitutionsFor,
  validateFixtures,
} from './helpers';

beforeAll(() => validateFixtures({ map: ['ReadReceipt'], choice: [] }));

describe('local Step Functions: Map', () => {
  let sfn: LocalStepFunctions;
  afterEach(() => sfn.shutdown());

  it('runs the item processor per item of ItemsPath, shaped by ItemSelector, results in order', async () => {
    sfn = fastStepFunctions();
    let running = 0;
    let mostAtOnce = 0;
    sfn.registerLambda(
      functionArn('ReadReceipt'),
      async (event: { claimId: string; receipt: { id: string; amountFen: number }; position: number }) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        // Later receipts finish first: the results must still come back in item order.
        await new Promise((resolve) => setTimeout(resolve, 30 - event.position * 10));
        running -= 1;
        return { claimId: event.claimId, position: event.position, receiptId: event.receipt.id };
      },
    );
    const { stateMachineArn } = sfn.createStateMachine({
      name: 'map',
      definition: aslFixture('map'),
      substitutions: substitutionsFor('ReadReceipt'),
    });
    const receipts = [
      { id: 'R-1', amountFen: 1200 },
      { id: 'R-2', amountFen: 3400 },
      { id: 'R-3', amountFen: 560 },
    ];
    const { executionArn } = await sfn.startExecution({
      stateMachineArn,
      input: json({ claimId: 'C-5', receipts }),
    });
    const execution = await sfn.waitForExecution(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(parsedOutput(execution)).toEqual({
      claimId: 'C-5',
      receipts,
      readings: [
        { claimId: 'C-5', position: 0, receiptId: 'R-1' },
        { claimId: 'C-5', position: 1, receiptId: 'R-2' },
        { claimId: 'C-5', position: 2, receiptId: 'R-3' },
      ],
    });
    expect(mostAtOnce).toBe(2); // MaxConcurrency
  });
});

describe('local Step Functions: Choice', () => {
  let sfn: LocalStepFunctions;
  afterEach(() => sfn.shutdown());

  it.each([
    { input: { needsReview: true, benefitFen: 100 }, route: 'review' },
    { input: { needsReview: false, benefitFen: 6_000_000 }, route: 'review' },
    { input: { needsReview: false, benefitFen: 100 }, route: 'payout' },
    { input: { needsReview: false }, route: 'payout' },
  ])('routes $input to $route', async ({ input, route }) => {
    sfn = fastStepFunctions();
    const { stateMachineArn } = sfn.createStateMachine({ name: 'choice', definition: aslFixture('choice') });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: json(input) });
    const execution = await sfn.waitForExecution(executionArn);

    expect(parsedOutput(execution)).toEqual({ ...input, route });
  });
});
