import type {
  EventBridgeClient,
  PutEventsCommand,
  PutEventsRequestEntry,
  PutEventsResponse,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  batchesOf,
  createEventBridgeClient,
  EventBridgeEventPublisher,
  EventPublishError,
} from '../../adapters/event-publisher';
import { ClaimPaid, ClaimRejected } from '../../events/claim-events';
import { parseEventBridgeEvent, type EventBridgeEnvelope } from '../../events/envelope';
import { startEventBridgeApiServer } from '../../local/eventbridge/eventbridge-api-server';
import { LocalEventBus } from '../../local/eventbridge/local-bus';

afterEach(() => {
  vi.unstubAllEnvs();
});

const paid = (n: number) =>
  ClaimPaid.event({ claimId: `clm-${n}`, amountFen: 100 * n, at: '2026-03-21T11:00:10+08:00' });
const rejected = ClaimRejected.event({
  claimId: 'clm-9',
  reasonCodes: ['ALREADY_REIMBURSED'],
  at: '2026-03-21T11:00:10+08:00',
});

/** A client whose PutEvents answers are scripted, recording the entries of each call. */
function scriptedClient(...answers: ((entries: PutEventsRequestEntry[]) => PutEventsResponse)[]) {
  const calls: PutEventsRequestEntry[][] = [];
  const client = {
    send: (command: PutEventsCommand) => {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      const answer = answers[calls.length - 1] ?? accepted;
      return Promise.resolve(answer(entries));
    },
  } as unknown as Pick<EventBridgeClient, 'send'>;
  return { client, calls };
}

const accepted = (entries: PutEventsRequestEntry[]): PutEventsResponse => ({
  FailedEntryCount: 0,
  Entries: entries.map((_, i) => ({ EventId: `event-${i}` })),
});

/** Fails the entries at `failing` positions with `code`, accepts the rest. */
const failing =
  (code: string, ...positions: number[]) =>
  (entries: PutEventsRequestEntry[]): PutEventsResponse => ({
    FailedEntryCount: positions.length,
    Entries: entries.map((_, i) =>
      positions.includes(i)
        ? { ErrorCode: code, ErrorMessage: `${code} for entry ${i}` }
        : { EventId: `event-${i}` },
    ),
  });

describe('createEventBridgeClient', () => {
  it('gives a loopback endpoint stand-in credentials, so no AWS account is needed', async () => {
    const client = createEventBridgeClient({
      busName: 'b',
      endpoint: 'http://127.0.0.1:4010',
      region: 'cn-north-1',
    });

    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'local' });
  });

  it('leaves credentials to the default chain for any other endpoint', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENVIRONMENT');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-environment');
    const client = createEventBridgeClient({
      busName: 'b',
      endpoint: 'https://events.example.internal',
      region: 'cn-north-1',
    });

    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'AKIDFROMENVIRONMENT' });
  });
});

describe('EventBridgeEventPublisher against the local EventBridge', () => {
  it('delivers every event, ten to a PutEvents call, each readable by its consumer', async () => {
    const bus = new LocalEventBus({ name: 'crossclaim' });
    const received: EventBridgeEnvelope[] = [];
    bus.addRule({
      name: 'claims',
      pattern: { source: ['crossclaim.claims'] },
      targets: [(e) => void received.push(e)],
    });
    const server = await startEventBridgeApiServer({ bus });
    const real = createEventBridgeClient({
      busName: 'crossclaim',
      endpoint: server.url,
      region: 'cn-north-1',
    });
    const callSizes: number[] = [];
    const counting = {
      send: (command: PutEventsCommand) => {
        callSizes.push(command.input.Entries?.length ?? 0);
        return real.send(command);
      },
    } as unknown as Pick<EventBridgeClient, 'send'>;

    try {
      await new EventBridgeEventPublisher(counting, 'crossclaim').publish(
        Array.from({ length: 23 }, (_, i) => paid(i)),
      );
      await bus.drain();
    } finally {
      real.destroy();
      await server.close();
    }

    expect(callSizes).toEqual([10, 10, 3]);
    expect(received).toHaveLength(23);
    const first = parseEventBridgeEvent(received[0], ['Claim.Paid']);
    expect(first.detail).toEqual(paid(0).detail);
  });
});

describe('EventBridgeEventPublisher when entries fail', () => {
  it('resends only the failed entries, and is done when they get through', async () => {
    const { client, calls } = scriptedClient(failing('InternalFailure', 1));

    await new EventBridgeEventPublisher(client, 'crossclaim', { baseDelayMs: 1 }).publish([
      paid(1),
      rejected,
      paid(2),
    ]);

    expect(calls.map((entries) => entries.map((entry) => entry.DetailType))).toEqual([
      ['Claim.Paid', 'Claim.Rejected', 'Claim.Paid'],
      ['Claim.Rejected'],
    ]);
    expect(calls[1]![0]).toEqual({
      EventBusName: 'crossclaim',
      Source: 'crossclaim.claims',
      DetailType: 'Claim.Rejected',
      Detail: JSON.stringify(rejected.detail),
    });
  });

  it('gives up after its attempts, naming the detail-types that did not get through', async () => {
    const throttled = failing('ThrottlingException', 0);
    const { client, calls } = scriptedClient(throttled, throttled, throttled, throttled);
    const publisher = new EventBridgeEventPublisher(client, 'crossclaim', { maxAttempts: 3, baseDelayMs: 1 });

    const error = await publisher.publish([rejected, paid(1)]).catch((e: unknown) => e);

    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(EventPublishError);
    expect((error as EventPublishError).message).toMatch(
      /^EventBridge did not accept 1 event\(s\) of type Claim\.Rejected:/,
    );
    expect((error as EventPublishError).failures).toEqual([
      {
        source: 'crossclaim.claims',
        detailType: 'Claim.Rejected',
        errorCode: 'ThrottlingException',
        errorMessage: 'ThrottlingException for entry 0',
      },
    ]);
  });

  it('does not resend an entry that no retry can fix, but still sends the rest', async () => {
    const { client, calls } = scriptedClient(failing('MalformedDetail', 0));
    const events = [rejected, ...Array.from({ length: 10 }, (_, i) => paid(i))];

    const error = await new EventBridgeEventPublisher(client, 'crossclaim', { baseDelayMs: 1 })
      .publish(events)
      .catch((e: unknown) => e);

    expect(calls.map((entries) => entries.length)).toEqual([10, 1]);
    expect((error as EventPublishError).failures.map((f) => [f.detailType, f.errorCode])).toEqual([
      ['Claim.Rejected', 'MalformedDetail'],
    ]);
  });

  it('refuses an event over 256 KB before sending anything', async () => {
    const { client, calls } = scriptedClient();
    const huge = {
      source: 'crossclaim.claims',
      detailType: 'Claim.Paid',
      detail: { blob: 'x'.repeat(256 * 1024) },
    };

    await expect(
      new EventBridgeEventPublisher(client, 'crossclaim').publish([paid(1), huge]),
    ).rejects.toThrow(/Claim\.Paid \(EntryTooLarge: the entry is \d+ bytes, over EventBridge's 262144\)/);
    expect(calls).toEqual([]);
  });
});

describe('batchesOf', () => {
  const entryOf = (detailBytes: number): PutEventsRequestEntry => ({
    Source: 's',
    DetailType: 't',
    Detail: 'x'.repeat(detailBytes),
  });

  it('keeps each PutEvents call within 256 KB as well as ten entries, in order', () => {
    const entries = [entryOf(100_000), entryOf(100_000), entryOf(100_000), entryOf(10)];

    expect(batchesOf(entries)).toEqual([
      [entries[0], entries[1]],
      [entries[2], entries[3]],
    ]);
  });

  it('counts bytes, not characters', () => {
    const chinese = { Source: 's', DetailType: 't', Detail: '票'.repeat(50_000) }; // 150,000 bytes in UTF-8

    expect(batchesOf([chinese, chinese])).toHaveLength(2);
  });
});
