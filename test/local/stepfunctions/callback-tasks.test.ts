import { describe, expect, it } from 'vitest';
import { CallbackTasks } from '../../../local/stepfunctions/callback-tasks';
import { InMemoryExecutionJournal } from '../../../local/stepfunctions/in-memory-execution-journal';

/** A journal that counts how often the open tokens of an execution are looked up. */
class CountingJournal extends InMemoryExecutionJournal {
  lookups = 0;
  override async listPendingTaskTokens(executionArn: string) {
    this.lookups += 1;
    return super.listPendingTaskTokens(executionArn);
  }
}

const token = (executionArn: string, taskToken: string) => ({
  taskToken,
  executionArn,
  stateName: 'WaitForEBill',
  functionName: 'crossclaim-AwaitEBill',
  payload: {},
});

describe('CallbackTasks at the end of an execution', () => {
  it('does not ask the journal for the open tokens of an execution that opened none here', async () => {
    const journal = new CountingJournal();
    const callbacks = new CallbackTasks(journal);
    await callbacks.abandonOpenedHere('arn:exec:no-wait', new Error('closed'));
    expect(journal.lookups).toBe(0);
  });

  it('retires the tokens an execution opened here and still holds, once', async () => {
    const journal = new CountingJournal();
    const callbacks = new CallbackTasks(journal);
    const { outcome } = await callbacks.open(token('arn:exec:waits', 'T-1'));
    const ended = outcome.catch((error: Error) => error.message);
    await callbacks.abandonOpenedHere('arn:exec:waits', new Error('execution closed'));
    expect(journal.lookups).toBe(1);
    expect(await ended).toBe('execution closed');
    expect((await journal.getTaskToken('T-1'))?.status).toBe('CANCELLED');
    await callbacks.abandonOpenedHere('arn:exec:waits', new Error('again'));
    expect(journal.lookups).toBe(1);
  });
});
