import { randomUUID } from 'node:crypto';
import type { ExecutionClosing } from '../stepfunctions/execution-journal';
import { DeadLetterAdmin, type WorkflowRedrive } from './dead-letter-admin';
import { DeadLetterQueue } from './dead-letter-queue';
import { EventJournal } from './event-journal';
import type { LocalEventBus } from './local-bus';
import { LocalReplays } from './replays';

/**
 * The durable side of the local bus, in one folder of the data directory: the journal (archive),
 * the dead-letter queue, and the workflow's failure path into that queue. On AWS these are the
 * bus's archive, each target's SQS dead-letter queue and the workflow-failures queue that an
 * EventBridge rule on "Step Functions Execution Status Change" feeds (infra/constructs/).
 */
export function openDurableEvents(dir: string, where: { region: string; accountId: string }) {
  const journal = new EventJournal(dir);
  const deadLetters = new DeadLetterQueue(dir);

  /** An execution that ended FAILED or TIMED_OUT: the claim's failure could not be handled in the machine. */
  const onExecutionClosed = (executionArn: string, closing: ExecutionClosing) => {
    if (closing.status !== 'FAILED' && closing.status !== 'TIMED_OUT') return;
    const stateMachineName = executionArn.split(':').at(-2) ?? 'unknown';
    deadLetters.add({
      source: 'workflow',
      ruleName: stateMachineName,
      target: executionArn,
      event: {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Step Functions Execution Status Change',
        source: 'aws.states',
        account: where.accountId,
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: where.region,
        resources: [executionArn],
        detail: {
          executionArn,
          name: executionArn.split(':').at(-1),
          status: closing.status,
          error: closing.error ?? null,
          cause: closing.cause ?? null,
        },
      },
      error: `${closing.error ?? closing.status}: ${closing.cause ?? ''}`.trim(),
      attempts: 1,
    });
  };

  return {
    journal,
    deadLetters,
    onExecutionClosed,
    /** The API server's archive replay and dead-letter operations, over this bus. */
    adminFor: (bus: LocalEventBus, redriveWorkflow?: WorkflowRedrive) => ({
      replays: new LocalReplays(bus, journal, { region: where.region, account: where.accountId }),
      deadLetters: new DeadLetterAdmin(deadLetters, bus, redriveWorkflow),
    }),
  };
}
