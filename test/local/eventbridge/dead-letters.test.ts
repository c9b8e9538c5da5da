import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDeadLetters } from '../../../cli/commands/dead-letter-sources';
import { replayArchive } from '../../../cli/commands/events';
import type { EventBridgeEnvelope } from '../../../events/envelope';
import { openDurableEvents } from '../../../local/eventbridge/durable-events';
import {
  startEventBridgeApiServer,
  type EventBridgeApiServer,
} from '../../../local/eventbridge/eventbridge-api-server';
import { EventJournal } from '../../../local/eventbridge/event-journal';
import { LocalEventBus } from '../../../local/eventbridge/local-bus';

const MAX_ATTEMPTS = 3;
const where = { region: 'cn-north-1', accountId: '000000000000' };

/**
 * A consumer with an effect that must happen once per bill: it records each bill number it
 * applied and how often it was asked. A bill numbered "POISON" fails until `fixed`.
 */
function ledgerTarget() {
  const applied = new Map<string, number>();
  const state = { fixed: false, calls: 0, applied };
  const target = async function ingest(event: EventBridgeEnvelope) {
    state.calls += 1;
    const billNo = String(event.detail.billNo);
    if (billNo === 'POISON' && !state.fixed) throw new TypeError('cannot read the bill: field missing');
    // Idempotent, as ingest-ebill is: the second delivery of a bill changes nothing.
    if (!applied.has(billNo)) applied.set(billNo, applied.size + 1);
  };
  return Object.assign(state, { target });
}

describe('dead letters and replay of the local bus (durable, in the data folder)', () => {
  let dir: string;
  let server: EventBridgeApiServer | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crossclaim-dlq-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(consumer: ReturnType<typeof ledgerTarget>) {
    const durable = openDurableEvents(dir, where);
    const bus = new LocalEventBus({
      name: 'crossclaim',
      retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 2 },
      journal: durable.journal,
      deadLetterQueue: durable.deadLetters,
    });
    bus.addRule({
      name: 'ingest',
      pattern: { source: [{ prefix: 'hospital.' }] },
      targets: [consumer.target],
    });
    server = await startEventBridgeApiServer({ bus, ...durable.adminFor(bus) });
    const client = new EventBridgeClient({
      endpoint: server.url,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const put = async (billNos: string[]) => {
      const answer = await client.send(
        new PutEventsCommand({
          Entries: billNos.map((billNo) => ({
            EventBusName: 'crossclaim',
            Source: 'hospital.H1',
            DetailType: 'EBill.Issued',
            Detail: JSON.stringify({ billNo }),
          })),
        }),
      );
      expect(answer.FailedEntryCount).toBe(0);
    };
    return { bus, put, url: server.url, client };
  }

  it('a poison event reaches the DLQ after its retries while the others flow; redrive after the fix delivers it once', async () => {
    const consumer = ledgerTarget();
    const { bus, put, url, client } = await serve(consumer);
    await put(['B1', 'B2', 'POISON', 'B3']);
    await bus.drain();

    expect([...consumer.applied.keys()].sort()).toEqual(['B1', 'B2', 'B3']);
    expect(bus.counters('ingest')).toMatchObject({ failed: MAX_ATTEMPTS, deadLettered: 1, delivered: 3 });
    const dlq = localDeadLetters(url);
    const [letter, ...others] = await dlq.list(false);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      source: 'event-target',
      ruleName: 'ingest',
      target: 'ingest',
      attempts: MAX_ATTEMPTS,
      error: 'TypeError: cannot read the bill: field missing',
    });
    expect(letter?.event.detail).toEqual({ billNo: 'POISON' });

    // Redriven before the fix: it fails again and stays in the queue.
    expect(await dlq.redrive(letter!.id)).toMatchObject({ Outcome: 'failed' });
    expect(await dlq.list(false)).toHaveLength(1);

    consumer.fixed = true;
    expect(await dlq.redrive(letter!.id)).toMatchObject({ Outcome: 'delivered' });
    expect(consumer.applied.get('POISON')).toBe(4);
    const callsAfterRedrive = consumer.calls;
    // A second redrive changes nothing and does not even reach the target.
    expect(await dlq.redrive(letter!.id)).toMatchObject({ Outcome: 'already-redriven' });
    expect(consumer.calls).toBe(callsAfterRedrive);
    expect(await dlq.list(false)).toEqual([]);
    expect((await dlq.show(letter!.id))?.redrivenAt).toBeDefined();
    expect(await dlq.redrive('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    client.destroy();
  });

  it('keeps dead letters and their redriven mark across a restart of the process', async () => {
    const consumer = ledgerTarget();
    const first = await serve(consumer);
    await first.put(['POISON']);
    await first.bus.drain();
    await server?.close();
    first.client.destroy();

    const again = ledgerTarget();
    again.fixed = true;
    const second = await serve(again);
    const dlq = localDeadLetters(second.url);
    const [letter] = await dlq.list(false);
    expect(letter?.event.detail).toEqual({ billNo: 'POISON' });
    expect(await dlq.redrive(letter!.id)).toMatchObject({ Outcome: 'delivered' });
    second.client.destroy();
  });

  it('delivers at the next start what a killed process had accepted but not delivered', async () => {
    const journal = new EventJournal(dir);
    const killed = new LocalEventBus({ name: 'crossclaim', journal });
    // The target never answers: the process "dies" with the delivery open.
    killed.addRule({
      name: 'ingest',
      pattern: { source: ['hospital.H1'] },
      targets: [() => new Promise(() => undefined)],
    });
    killed.putEvents([
      {
        EventBusName: 'crossclaim',
        Source: 'hospital.H1',
        DetailType: 'EBill.Issued',
        Detail: '{"billNo":"B9"}',
      },
    ]);
    await new Promise((resolve) => setImmediate(resolve));

    const consumer = ledgerTarget();
    const restarted = new LocalEventBus({ name: 'crossclaim', journal: new EventJournal(dir) });
    restarted.addRule({ name: 'ingest', pattern: { source: ['hospital.H1'] }, targets: [consumer.target] });
    expect(restarted.resumeUnsettled()).toBe(1);
    await restarted.drain();
    expect([...consumer.applied.keys()]).toEqual(['B9']);

    // Settled now: a third start has nothing to resume.
    const third = new LocalEventBus({ name: 'crossclaim', journal: new EventJournal(dir) });
    third.addRule({ name: 'ingest', pattern: { source: ['hospital.H1'] }, targets: [consumer.target] });
    expect(third.resumeUnsettled()).toBe(0);
  });

  it('replays an archived range (StartReplay over the journal) and changes nothing already applied', async () => {
    const consumer = ledgerTarget();
    const { bus, put, url, client } = await serve(consumer);
    const from = new Date(Date.now() - 1000);
    await put(['B1', 'B2', 'B3']);
    await bus.drain();
    const before = new Map(consumer.applied);
    const callsBefore = consumer.calls;

    const replay = await replayArchive({
      from,
      to: new Date(Date.now() + 1000),
      name: 'after-the-fix',
      eventsUrl: url,
      archiveArn: 'arn:aws:events:cn-north-1:000000000000:archive/crossclaim-archive',
      busArn: 'arn:aws:events:cn-north-1:000000000000:event-bus/crossclaim',
    });
    expect(replay.State).toBe('COMPLETED');
    // The replayed events did reach the target, and nothing it had applied changed.
    expect(consumer.calls).toBe(callsBefore + 3);
    expect(consumer.applied).toEqual(before);

    // A range with nothing in it replays nothing; an unknown archive is refused.
    const empty = await replayArchive({
      from: new Date(0),
      to: new Date(1000),
      name: 'empty',
      eventsUrl: url,
      archiveArn: 'arn:aws:events:cn-north-1:000000000000:archive/crossclaim-archive',
      busArn: 'arn:aws:events:cn-north-1:000000000000:event-bus/crossclaim',
    });
    expect(empty.State).toBe('COMPLETED');
    expect(consumer.calls).toBe(callsBefore + 3);
    await expect(
      replayArchive({
        from,
        to: new Date(),
        name: 'wrong',
        eventsUrl: url,
        archiveArn: 'arn:aws:events:cn-north-1:000000000000:archive/other',
        busArn: 'arn:aws:events:cn-north-1:000000000000:event-bus/crossclaim',
      }),
    ).rejects.toThrow('does not exist');
    client.destroy();
  });
});
