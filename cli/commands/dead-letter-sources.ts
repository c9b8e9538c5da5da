import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { RedriveExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { RedriveResult } from '../../local/eventbridge/dead-letter-admin';
import type { DeadLetter } from '../../local/eventbridge/dead-letter-queue';

/**
 * Where `crossclaim events dlq` finds dead letters: the running local runtime (its event bus
 * endpoint serves the data folder's queue) or, on AWS, an SQS dead-letter queue that
 * EventBridge (a rule target's DLQ) or the workflow-failures rule fills.
 */
export interface DeadLetterSource {
  list(all: boolean): Promise<DeadLetter[]>;
  show(id: string): Promise<DeadLetter | undefined>;
  redrive(id: string): Promise<RedriveResult | undefined>;
}

/** The local runtime's bus endpoint, AWS JSON 1.1 with the `CrossclaimLocal.` operations. */
export function localDeadLetters(eventsUrl: string): DeadLetterSource {
  const call = async (operation: string, body: object): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `CrossclaimLocal.${operation}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const answer = (await response.json()) as { __type?: string; message?: string };
    if (response.status >= 400 && response.status !== 404)
      throw new Error(`${operation}: ${answer.__type ?? response.status}: ${answer.message ?? ''}`);
    return { status: response.status, body: answer };
  };
  return {
    list: async (all) =>
      ((await call('ListDeadLetters', { All: all })).body as { DeadLetters: DeadLetter[] }).DeadLetters,
    show: async (id) => {
      const { status, body } = await call('GetDeadLetter', { Id: id });
      return status === 404 ? undefined : (body as { DeadLetter: DeadLetter }).DeadLetter;
    },
    redrive: async (id) => {
      const { status, body } = await call('RedriveDeadLetter', { Id: id });
      return status === 404 ? undefined : (body as RedriveResult);
    },
  };
}

export interface SqsSourceOptions {
  queueUrl: string;
  /** The bus a redriven event is put on again (its targets are idempotent). */
  eventBusName: string;
  region?: string;
}

/** How long a message looked at for a redrive stays hidden from other readers. */
const REDRIVE_VISIBILITY_SECONDS = 60;
const PEEK_ROUNDS = 10;

/**
 * An EventBridge or workflow-failures dead-letter queue on SQS. SQS has no "peek": list reads
 * with a visibility timeout of 0 (messages stay where they are) for a few rounds, so a very long
 * queue is listed in part. A redrive puts the event on the bus again (an EventBridge letter) or
 * redrives the failed execution (RedriveExecution, a workflow letter) and then deletes the
 * message: a second redrive of the same letter finds nothing, and changes nothing.
 */
export function sqsDeadLetters(options: SqsSourceOptions): DeadLetterSource {
  const sqs = new SQSClient({ ...(options.region && { region: options.region }) });
  const receive = async (visibility: number): Promise<Message[]> =>
    (
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: visibility,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
          WaitTimeSeconds: 1,
        }),
      )
    ).Messages ?? [];
  const peekAll = async (): Promise<Message[]> => {
    const seen = new Map<string, Message>();
    for (let round = 0; round < PEEK_ROUNDS; round += 1)
      for (const message of await receive(0)) seen.set(message.MessageId ?? '', message);
    return [...seen.values()];
  };
  const find = async (id: string) => (await peekAll()).find((m) => m.MessageId === id);
  return {
    list: async () => (await peekAll()).map(letterOf),
    show: async (id) => {
      const message = await find(id);
      return message && letterOf(message);
    },
    redrive: async (id) => {
      for (let round = 0; round < PEEK_ROUNDS; round += 1) {
        const messages = await receive(REDRIVE_VISIBILITY_SECONDS);
        const target = messages.find((m) => m.MessageId === id);
        // The others go back at once for other readers.
        for (const other of messages.filter((m) => m !== target))
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: options.queueUrl,
              ReceiptHandle: other.ReceiptHandle,
              VisibilityTimeout: 0,
            }),
          );
        if (!target) continue;
        const letter = letterOf(target);
        try {
          await resend(letter, options);
        } catch (error) {
          return { Id: id, Outcome: 'failed', Error: (error as Error).message };
        }
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: target.ReceiptHandle }),
        );
        return { Id: id, Outcome: 'delivered', RedrivenAt: new Date().toISOString() };
      }
      return undefined;
    },
  };
}

async function resend(letter: DeadLetter, options: SqsSourceOptions): Promise<void> {
  const region = options.region ? { region: options.region } : {};
  if (letter.source === 'workflow') {
    await new SFNClient(region).send(new RedriveExecutionCommand({ executionArn: letter.target }));
    return;
  }
  const { event } = letter;
  const answer = await new EventBridgeClient(region).send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: options.eventBusName,
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
          Resources: event.resources,
          Time: new Date(event.time),
        },
      ],
    }),
  );
  if ((answer.FailedEntryCount ?? 0) > 0)
    throw new Error(
      `PutEvents refused it: ${answer.Entries?.[0]?.ErrorCode} ${answer.Entries?.[0]?.ErrorMessage}`,
    );
}

/** EventBridge's DLQ message: the event as body, why in message attributes (RULE_ARN, ERROR_CODE …). */
function letterOf(message: Message): DeadLetter {
  const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  const event = JSON.parse(message.Body ?? '{}') as DeadLetter['event'];
  const workflow = event.source === 'aws.states';
  const detail = event.detail as { executionArn?: string; error?: string; cause?: string };
  return {
    id: message.MessageId ?? '',
    source: workflow ? 'workflow' : 'event-target',
    ruleName: workflow ? 'claim-workflow' : (attribute('RULE_ARN')?.split('/').at(-1) ?? ''),
    target: workflow ? (detail.executionArn ?? '') : (attribute('TARGET_ARN') ?? ''),
    event,
    error: workflow
      ? `${detail.error ?? ''}: ${detail.cause ?? ''}`
      : `${attribute('ERROR_CODE') ?? ''}: ${attribute('ERROR_MESSAGE') ?? ''}`,
    attempts: Number(attribute('RETRY_ATTEMPTS') ?? message.Attributes?.ApproximateReceiveCount ?? 0),
    deadLetteredAt: new Date(Number(message.Attributes?.SentTimestamp ?? 0)).toISOString(),
  };
}
