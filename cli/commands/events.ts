import { DescribeReplayCommand, EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { DeadLetter } from '../../local/eventbridge/dead-letter-queue';
import { DEFAULT_PORTS } from '../../local/start';
import { localDeadLetters, sqsDeadLetters, type DeadLetterSource } from './dead-letter-sources';

/** Exit codes: 0 done; 1 something was not delivered (or not found); 2 bad input; 3 unreachable. */
const EXIT_NOT_DONE = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_UNREACHABLE = 3;

const LOCAL = { region: 'cn-north-1', account: '000000000000', bus: 'crossclaim' } as const;
const LOCAL_EVENTS_URL = `http://127.0.0.1:${DEFAULT_PORTS.events}`;
const LOCAL_ARCHIVE_ARN = `arn:aws:events:${LOCAL.region}:${LOCAL.account}:archive/${LOCAL.bus}-archive`;
const LOCAL_BUS_ARN = `arn:aws:events:${LOCAL.region}:${LOCAL.account}:event-bus/${LOCAL.bus}`;

interface Where {
  eventsUrl: string;
  queueUrl?: string;
  busName: string;
  region?: string;
}

const instant = (value: string): Date => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('must be a date-time such as 2026-12-03T22:00:00Z');
  return date;
};

function sourceOf(where: Where): DeadLetterSource {
  return where.queueUrl
    ? sqsDeadLetters({
        queueUrl: where.queueUrl,
        eventBusName: where.busName,
        ...(where.region && { region: where.region }),
      })
    : localDeadLetters(where.eventsUrl);
}

function addWhereOptions(command: Command): Command {
  return command
    .option('--events-url <url>', 'the local runtime’s event bus endpoint (npm start)', LOCAL_EVENTS_URL)
    .addOption(
      new Option('--queue-url <url>', 'on AWS: the SQS dead-letter queue to work on').env(
        'CROSSCLAIM_DLQ_URL',
      ),
    )
    .option('--bus-name <name>', 'on AWS: the bus a redriven event goes back to', LOCAL.bus)
    .addOption(new Option('--region <region>', 'on AWS: the region').env('AWS_REGION'));
}

/** Runs an action; a failure to reach the runtime is exit code 3, with the reason. */
const guarded =
  <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
  async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      console.error(
        `crossclaim events: ${(error as Error).message}${(error as Error).cause ? ` (${String((error as Error).cause)})` : ''}`,
      );
      process.exitCode = EXIT_UNREACHABLE;
    }
  };

const summary = (l: DeadLetter) =>
  `${l.id}  ${l.deadLetteredAt}  ${l.source === 'workflow' ? 'workflow' : l.ruleName}  ${l.event['detail-type']}  ` +
  `${l.attempts} attempt(s)  ${l.redrivenAt ? `redriven ${l.redrivenAt}` : 'waiting'}\n    why: ${l.error}`;

export function registerEventsCommand(program: Command): void {
  const events = program
    .command('events')
    .description('Dead letters and replays of the event bus: what failed every retry, and the archive.');
  const dlq = events
    .command('dlq')
    .description('The dead-letter queue: deliveries and executions that failed every retry.');

  addWhereOptions(dlq.command('list').description('List the dead letters with the reason each failed.'))
    .option('--all', 'include letters already redriven')
    .option('--json', 'one JSON array')
    .action(
      guarded(async (options: Where & { all?: boolean; json?: boolean }) => {
        const letters = await sourceOf(options).list(options.all === true);
        if (options.json) return void console.log(JSON.stringify(letters, null, 2));
        letters.forEach((letter) => console.log(summary(letter)));
        console.log(`${letters.length} dead letter(s)${options.all ? '' : ' waiting'}.`);
      }),
    );

  addWhereOptions(
    dlq.command('show').description('One dead letter in full: the event, the target, the reason.'),
  )
    .argument('<id>')
    .action(
      guarded(async (id: string, options: Where) => {
        const letter = await sourceOf(options).show(id);
        if (!letter) {
          console.error(`crossclaim events: no dead letter ${id}`);
          process.exitCode = EXIT_NOT_DONE;
          return;
        }
        console.log(JSON.stringify(letter, null, 2));
      }),
    );

  addWhereOptions(
    dlq
      .command('redrive')
      .description(
        'Deliver dead letters again, to the target that failed (after the fix). Idempotent: a letter ' +
          'already redriven is not delivered again, and the targets ignore an event they applied.',
      ),
  )
    .argument('[ids...]')
    .option('--all', 'every waiting letter')
    .action(
      guarded(async (ids: string[], options: Where & { all?: boolean }) => {
        const source = sourceOf(options);
        if (options.all) ids = (await source.list(false)).map((l) => l.id);
        if (ids.length === 0) {
          console.error('crossclaim events: name the letters to redrive, or --all');
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        let notDone = 0;
        for (const id of ids) {
          const result = await source.redrive(id);
          if (!result) {
            notDone += 1;
            console.log(`${id}  not found`);
          } else if (result.Outcome === 'failed') {
            notDone += 1;
            console.log(`${id}  failed again: ${result.Error}`);
          } else console.log(`${id}  ${result.Outcome} ${result.RedrivenAt}`);
        }
        if (notDone > 0) process.exitCode = EXIT_NOT_DONE;
      }),
    );

  events
    .command('replay')
    .description(
      'Replay the archive: every event accepted in [--from, --to) goes again to the rules that match it ' +
        '(EventBridge StartReplay; locally the bus journal). Targets are idempotent: what was applied stays as it was.',
    )
    .requiredOption('--from <time>', 'start of the range (ISO 8601)', instant)
    .requiredOption('--to <time>', 'end of the range, exclusive (ISO 8601)', instant)
    .option('--rule <arn...>', 'only to these rules (their ARNs)')
    .option('--name <name>', 'the replay’s name', `replay-${Date.now()}`)
    .option('--events-url <url>', 'the local runtime’s event bus endpoint (npm start)', LOCAL_EVENTS_URL)
    .option('--aws', 'replay on AWS (the SDK’s own endpoint and credentials) instead of the local runtime')
    .option('--archive-arn <arn>', 'the archive (AWS)', LOCAL_ARCHIVE_ARN)
    .option('--bus-arn <arn>', 'the bus the events go back to (AWS)', LOCAL_BUS_ARN)
    .action(
      guarded(async (options: ReplayOptions) => {
        if (options.to <= options.from) {
          console.error('crossclaim events: --to must be after --from');
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        const replay = await replayArchive(options);
        console.log(
          `replay ${options.name}: ${replay.State}${replay.StateReason ? ` (${replay.StateReason})` : ''}`,
        );
        if (replay.State !== 'COMPLETED' || replay.StateReason) process.exitCode = EXIT_NOT_DONE;
      }),
    );
}

interface ReplayOptions {
  from: Date;
  to: Date;
  rule?: string[];
  name: string;
  eventsUrl: string;
  aws?: boolean;
  archiveArn: string;
  busArn: string;
}

/** StartReplay, then DescribeReplay until it has ended. */
export async function replayArchive(options: ReplayOptions) {
  const client = new EventBridgeClient(
    options.aws
      ? {}
      : {
          endpoint: options.eventsUrl,
          region: LOCAL.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        },
  );
  try {
    await client.send(
      new StartReplayCommand({
        ReplayName: options.name,
        EventSourceArn: options.archiveArn,
        EventStartTime: options.from,
        EventEndTime: options.to,
        Destination: { Arn: options.busArn, ...(options.rule && { FilterArns: options.rule }) },
      }),
    );
    for (;;) {
      const replay = await client.send(new DescribeReplayCommand({ ReplayName: options.name }));
      if (replay.State === 'COMPLETED' || replay.State === 'FAILED' || replay.State === 'CANCELLED')
        return replay;
      await new Promise((resolve) => setTimeout(resolve, options.aws ? 5000 : 200));
    }
  } finally {
    client.destroy();
  }
}
