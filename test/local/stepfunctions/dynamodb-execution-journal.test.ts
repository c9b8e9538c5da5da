import { describe, expect, it } from 'vitest';
import { requestsBetween } from '../../../adapters/dynamodb/request-counter';
import { executionArnOf, stateMachineArnOf } from '../../../local/stepfunctions/arns';
import { DynamoDbExecutionJournal } from '../../../local/stepfunctions/dynamodb-execution-journal';
import type { ExecutionRecord } from '../../../local/stepfunctions/execution-journal';
import { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import { mintTaskToken } from '../../../local/stepfunctions/task-token';
import { useTestTable } from '../../support/dynamodb';
import { ACCOUNT, REGION, aslFixture, functionArn, json, substitutionsFor } from './helpers';

describe('the execution journal in DynamoDB, its writes group-committed', () => {
  const table = useTestTable('sfn-journal');
  const machine = stateMachineArnOf({ region: 'cn-north-1', accountId: '000000000000' }, 'journal-test');
  const record = (name: string, input = '{}'): ExecutionRecord => ({
    executionArn: executionArnOf(machine, name),
    stateMachineArn: machine,
    name,
    status: 'RUNNING',
    input,
    startDate: new Date(),
  });
  const closing = { status: 'SUCCEEDED' as const, stopDate: new Date(), output: '{}' };

  it('records concurrent starts in one request, each answered once durable; a taken name is refused', async () => {
    const journal = new DynamoDbExecutionJournal(table.docClient, table.tableName);
    const before = table.requests.counts();
    const names = Array.from({ length: 12 }, (_, i) => `start-${i}`);
    const answers = await Promise.all([
      ...names.map((name) => journal.createExecution(record(name, `{"n":"${name}"}`))),
      // The same name twice more: each must be refused, and change nothing.
      journal.createExecution(record('start-3', '{"n":"other"}')),
      journal.createExecution(record('start-7', '{"n":"other"}')),
    ]);
    expect(answers).toEqual([...names.map(() => true), false, false]);
    // Read after each answer: what was answered true is there (durable before it returned).
    for (const name of names) {
      expect((await journal.getExecution(executionArnOf(machine, name)))?.input).toBe(`{"n":"${name}"}`);
    }
    const sent = requestsBetween(before, table.requests.counts());
    // 12 starts in one transaction, then the two repeats (kept out of it: one item, once a
    // transaction) together: 2 requests, not 14.
    expect(sent).toEqual({ TransactWriteItems: 2, GetItem: 12 });
  });

  it('closes concurrent executions in one request; one no longer running answers false', async () => {
    const journal = new DynamoDbExecutionJournal(table.docClient, table.tableName);
    const names = Array.from({ length: 8 }, (_, i) => `close-${i}`);
    await Promise.all(names.map((name) => journal.createExecution(record(name))));
    expect(await journal.closeExecution(executionArnOf(machine, 'close-0'), closing)).toBe(true);

    const before = table.requests.counts();
    const answers = await Promise.all([
      ...names.map((name) => journal.closeExecution(executionArnOf(machine, name), closing)),
      journal.createExecution(record('close-new')),
    ]);
    expect(answers).toEqual([false, ...names.slice(1).map(() => true), true]);
    // close-0's failed condition cancelled the first transaction; the 8 others went at once.
    expect(requestsBetween(before, table.requests.counts())).toEqual({ TransactWriteItems: 2 });
    const listed = await journal.listExecutions({ stateMachineArn: machine, status: 'RUNNING' });
    expect(listed.map((r) => r.name).filter((n) => n.startsWith('close-'))).toEqual(['close-new']);
  });

  it('opens and closes task tokens through the same writes, first closer winning', async () => {
    const journal = new DynamoDbExecutionJournal(table.docClient, table.tableName);
    const executionArn = executionArnOf(machine, 'tokens');
    await journal.createExecution(record('tokens'));
    const tokens = [mintTaskToken(executionArn, 'Wait'), mintTaskToken(executionArn, 'Wait')];
    await Promise.all(
      tokens.map((taskToken) =>
        journal.openTaskToken({
          taskToken,
          executionArn,
          stateName: 'Wait',
          functionName: 'f',
          payload: { taskToken },
          status: 'PENDING',
          openedAt: new Date(),
        }),
      ),
    );
    const closings = await Promise.all([
      journal.closeTaskToken(tokens[0]!, { status: 'SUCCEEDED', closedAt: new Date(), output: '{"a":1}' }),
      journal.closeTaskToken(tokens[0]!, { status: 'CANCELLED', closedAt: new Date() }),
      journal.closeTaskToken(tokens[1]!, { status: 'FAILED', closedAt: new Date(), error: 'E' }),
    ]);
    expect(closings).toEqual([true, false, true]);
    expect((await journal.getTaskToken(tokens[0]!))?.status).toBe('SUCCEEDED');
    expect(await journal.listPendingTaskTokens(executionArn)).toEqual([]);
  });

  describe('under the runner', () => {
    const runner = () =>
      new LocalStepFunctions({
        region: REGION,
        accountId: ACCOUNT,
        timeScale: 0.01,
        journal: new DynamoDbExecutionJournal(table.docClient, table.tableName),
      });
    const journalWrites = (counts: Record<string, number>) =>
      (counts.PutItem ?? 0) + (counts.UpdateItem ?? 0) + (counts.TransactWriteItems ?? 0);

    it('starts and ends 20 concurrent executions in far fewer than 40 writes, each recorded', async () => {
      const sfn = runner();
      try {
        const { stateMachineArn } = sfn.createStateMachine({
          name: 'journal-choice',
          definition: aslFixture('choice'),
        });
        const before = table.requests.counts();
        const started = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            sfn.startExecution({
              stateMachineArn,
              name: `c-${i}`,
              input: json({ needsReview: i % 2 === 0 }),
            }),
          ),
        );
        const ended = await Promise.all(started.map((s) => sfn.waitForExecution(s.executionArn)));
        expect(ended.map((e) => e.status)).toEqual(started.map(() => 'SUCCEEDED'));
        const sent = journalWrites(requestsBetween(before, table.requests.counts()));
        // 20 starts asked for in one tick: one transaction; the 20 ends, grouped as they come.
        expect(sent).toBeGreaterThanOrEqual(2);
        expect(sent).toBeLessThan(40);
        expect(await sfn.listExecutions({ stateMachineArn, statusFilter: 'RUNNING' })).toEqual({
          executions: [],
        });
      } finally {
        await sfn.shutdown();
      }
    });

    it('a restart finds every execution whose start was answered, and re-drives it', async () => {
      const substitutions = substitutionsFor('RequestEBill', 'VerifyEBill');
      const first = runner();
      const { stateMachineArn } = first.createStateMachine({
        name: 'journal-wait',
        definition: aslFixture('callback'),
        substitutions,
      });
      first.registerLambda(functionArn('RequestEBill'), async () => ({}));
      const started = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          first.startExecution({ stateMachineArn, name: `w-${i}`, input: json({ claimId: `w-${i}` }) }),
        ),
      );
      await first.shutdown(); // the process goes: nothing ended, all left RUNNING

      const second = runner();
      try {
        second.createStateMachine({
          name: 'journal-wait',
          definition: aslFixture('callback'),
          substitutions,
        });
        second.registerLambda(functionArn('RequestEBill'), async () => ({}));
        const redriven = await second.redriveUnfinished(stateMachineArn);
        expect(redriven.sort()).toEqual(started.map((s) => s.executionArn).sort());
      } finally {
        await second.shutdown();
      }
    });
  });
});
