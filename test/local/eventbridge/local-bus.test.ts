import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { parseEventBridgeEvent, type EventBridgeEnvelope } from '../../../events/envelope';
import {
  LocalEventBridgeError,
  LocalEventBus,
  type LocalBusTarget,
} from '../../../local/eventbridge/local-bus';
import { InvalidEventPatternError } from '../../../local/eventbridge/pattern-matcher';
import { addProjectRules } from '../../../local/eventbridge/project-rules';
import { readJson } from '../../support/fixtures';

/** Retries in milliseconds, so failing targets are given up on quickly. */
const fastRetries = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 };

const entry = (detailType: string, detail: object = { version: '1.0' }): PutEventsRequestEntry => ({
  Source: 'crossclaim.claims',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
});

/** A target that records what it receives. */
function recorder(): LocalBusTarget & { events: EventBridgeEnvelope[] } {
  const events: EventBridgeEnvelope[] = [];
  return Object.assign((event: EventBridgeEnvelope) => void events.push(event), { events });
}

describe('LocalEventBus.putEvents', () => {
  it('answers each entry with an event id and delivers the event, in its EventBridge envelope', async () => {
    const bus = new LocalEventBus({ region: 'cn-northwest-1' });
    const target = recorder();
    bus.addRule({ name: 'paid', pattern: { 'detail-type': ['Claim.Paid'] }, targets: [target] });

    const response = bus.putEvents([
      {
        ...entry('Claim.Paid', { version: '1.0', amountFen: 100 }),
        Time: new Date('2026-03-21T03:00:11.250Z'),
      },
    ]);
    await bus.drain();

    expect(response.FailedEntryCount).toBe(0);
    expect(target.events).toEqual([
      {
        version: '0',
        id: response.Entries[0]!.EventId,
        'detail-type': 'Claim.Paid',
        source: 'crossclaim.claims',
        account: '000000000000',
        time: '2026-03-21T03:00:11Z',
        region: 'cn-northwest-1',
        resources: [],
        detail: { version: '1.0', amountFen: 100 },
      },
    ]);
  });

  it('stamps the time of the call, in whole seconds, when the entry has none', async () => {
    const bus = new LocalEventBus();
    const target = recorder();
    bus.addRule({ name: 'all', pattern: { source: [{ prefix: '' }] }, targets: [target] });

    const before = Math.floor(Date.now() / 1000) * 1000;
    bus.putEvents([entry('Claim.Paid')]);
    await bus.drain();

    const time = target.events[0]!.time;
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
  });

  it('delivers only to the rules whose pattern matches, and counts what matched', async () => {
    const bus = new LocalEventBus();
    const paid = recorder();
    const rejected = recorder();
    bus.addRule({ name: 'paid', pattern: { 'detail-type': ['Claim.Paid'] }, targets: [paid] });
    bus.addRule({ name: 'rejected', pattern: { 'detail-type': ['Claim.Rejected'] }, targets: [rejected] });

    bus.putEvents([entry('Claim.Paid'), entry('Claim.Paid'), entry('Claim.Submitted')]);
    await bus.drain();

    expect(paid.events.map((event) => event['detail-type'])).toEqual(['Claim.Paid', 'Claim.Paid']);
    expect(rejected.events).toEqual([]);
    expect(bus.counters('paid')).toEqual({ matched: 2, delivered: 2, failed: 0, deadLettered: 0 });
    expect(bus.counters('rejected')).toEqual({ matched: 0, delivered: 0, failed: 0, deadLettered: 0 });
  });

  it('runs targets after it has answered, not while', async () => {
    const bus = new LocalEventBus();
    const target = recorder();
    bus.addRule({ name: 'all', pattern: { source: ['crossclaim.claims'] }, targets: [target] });

    bus.putEvents([entry('Claim.Paid')]);

    expect(target.events).toHaveLength(0);
    await bus.drain();
    expect(target.events).toHaveLength(1);
  });

  it('refuses bad entries one by one, like EventBridge, and still delivers the good ones', async () => {
    const bus = new LocalEventBus();
    const target = recorder();
    bus.addRule({ name: 'all', pattern: { source: ['crossclaim.claims'] }, targets: [target] });

    const response = bus.putEvents([
      entry('Claim.Paid'),
      { ...entry('Claim.Paid'), Detail: '{"version": "1.0",' },
      { ...entry('Claim.Paid'), Detail: '["not", "an", "object"]' },
      { DetailType: 'Claim.Paid', Detail: '{}' },
      { ...entry('Claim.Paid'), Source: 'aws.ec2' },
      { ...entry('Claim.Paid'), EventBusName: 'crossclaim-elsewhere' },
      { ...entry('Claim.Paid'), Detail: JSON.stringify({ blob: 'x'.repeat(256 * 1024) }) },
      entry('Claim.Rejected'),
    ]);
    await bus.drain();

    expect(response.FailedEntryCount).toBe(6);
    expect(response.Entries.map((result) => result.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'NotAuthorizedForSourceException',
      'InvalidArgument',
      'InvalidArgument',
      'ok',
    ]);
    expect(response.Entries[3]!.ErrorMessage).toBe(
      'Parameter Source is not valid. Reason: Source is a required argument.',
    );
    expect(target.events.map((event) => event.id)).toEqual([
      response.Entries[0]!.EventId,
      response.Entries[7]!.EventId,
    ]);
  });

  it('takes its own bus by name or ARN', () => {
    const bus = new LocalEventBus({ name: 'crossclaim' });

    const response = bus.putEvents([
      { ...entry('Claim.Paid'), EventBusName: 'crossclaim' },
      {
        ...entry('Claim.Paid'),
        EventBusName: 'arn:aws-cn:events:cn-north-1:000000000000:event-bus/crossclaim',
      },
    ]);

    expect(response.FailedEntryCount).toBe(0);
  });

  it('refuses a whole request of no entries, or of more than ten', () => {
    const bus = new LocalEventBus();

    expect(() => bus.putEvents([])).toThrow(LocalEventBridgeError);
    expect(() => bus.putEvents(Array.from({ length: 11 }, () => entry('Claim.Paid')))).toThrow(
      'Entries must hold 1 to 10 entries, not 11',
    );
  });

  it('refuses a whole request whose entries are too large only together', () => {
    const bus = new LocalEventBus();
    const halfLimit = { ...entry('Claim.Paid'), Detail: JSON.stringify({ blob: 'x'.repeat(130 * 1024) }) };

    expect(() => bus.putEvents([halfLimit, halfLimit])).toThrow(/Total size of the entries/);
    expect(bus.putEvents([halfLimit]).FailedEntryCount).toBe(0);
  });
});

describe('LocalEventBus delivery', () => {
  it('retries a failing target with backoff, then dead-letters the event on its rule', async () => {
    const bus = new LocalEventBus({ retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 1_000 } });
    const attempts: number[] = [];
    const alwaysDown: LocalBusTarget = async function ingestEBill() {
      attempts.push(performance.now());
      throw new Error('hospital registry unavailable');
    };
    bus.addRule({ name: 'ingest', pattern: { source: ['crossclaim.claims'] }, targets: [alwaysDown] });

    const { Entries } = bus.putEvents([entry('Claim.Paid')]);
    await bus.drain();

    expect(attempts).toHaveLength(3);
    // 20 ms after the first failure, 40 after the second (a little slack for timer rounding).
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(18);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(38);
    expect(bus.counters('ingest')).toEqual({ matched: 1, delivered: 0, failed: 3, deadLettered: 1 });
    expect(bus.deadLetters('ingest')).toEqual([
      {
        ruleName: 'ingest',
        target: 'ingestEBill',
        event: expect.objectContaining({ id: Entries[0]!.EventId }) as EventBridgeEnvelope,
        error: 'Error: hospital registry unavailable',
        attempts: 3,
        deadLetteredAt: expect.any(String) as string,
      },
    ]);
  });

  it('counts a delivery that succeeds on a retry as delivered, not dead', async () => {
    const bus = new LocalEventBus({ retry: fastRetries });
    let calls = 0;
    const flaky: LocalBusTarget = () => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
    };
    bus.addRule({ name: 'flaky', pattern: { source: ['crossclaim.claims'] }, targets: [flaky] });

    bus.putEvents([entry('Claim.Paid')]);
    await bus.drain();

    expect(bus.counters('flaky')).toEqual({ matched: 1, delivered: 1, failed: 2, deadLettered: 0 });
    expect(bus.deadLetters('flaky')).toEqual([]);
  });

  it("keeps one target's failure from another target of the same rule", async () => {
    const bus = new LocalEventBus({ retry: fastRetries });
    const healthy = recorder();
    bus.addRule({
      name: 'two-targets',
      pattern: { source: ['crossclaim.claims'] },
      targets: [() => Promise.reject(new Error('down')), healthy],
    });

    bus.putEvents([entry('Claim.Paid')]);
    await bus.drain();

    expect(healthy.events).toHaveLength(1);
    expect(bus.counters('two-targets')).toMatchObject({ delivered: 1, deadLettered: 1 });
    expect(bus.deadLetters('two-targets')[0]!.target).toBe('target#0');
  });

  it('gives each target its own copy of the event', async () => {
    const bus = new LocalEventBus();
    const second = recorder();
    const vandal: LocalBusTarget = (event) => {
      event.detail.version = 'changed';
    };
    bus.addRule({ name: 'copies', pattern: { source: ['crossclaim.claims'] }, targets: [vandal, second] });

    bus.putEvents([entry('Claim.Paid')]);
    await bus.drain();

    expect(second.events[0]!.detail.version).toBe('1.0');
  });

  it('drains deliveries that deliveries set off', async () => {
    const bus = new LocalEventBus();
    const paid = recorder();
    bus.addRule({
      name: 'approve-then-pay',
      pattern: { 'detail-type': ['Claim.StatusChanged'] },
      targets: [() => void bus.putEvents([entry('Claim.Paid')])],
    });
    bus.addRule({ name: 'paid', pattern: { 'detail-type': ['Claim.Paid'] }, targets: [paid] });

    bus.putEvents([entry('Claim.StatusChanged')]);
    await bus.drain();

    expect(paid.events).toHaveLength(1);
  });
});

describe('LocalEventBus rules', () => {
  it('refuses a pattern it cannot run when the rule is added, and keeps no such rule', () => {
    const bus = new LocalEventBus();

    expect(() =>
      bus.addRule({ name: 'by-ip', pattern: { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, targets: [] }),
    ).toThrow(InvalidEventPatternError);
    expect(bus.ruleNames()).toEqual([]);
  });

  it('refuses a second rule of the same name, and a name EventBridge would not take', () => {
    const bus = new LocalEventBus();
    bus.addRule({ name: 'paid', pattern: { source: ['x'] }, targets: [] });

    expect(() => bus.addRule({ name: 'paid', pattern: { source: ['y'] }, targets: [] })).toThrow(
      'Rule paid already exists',
    );
    expect(() => bus.addRule({ name: 'paid claims', pattern: { source: ['y'] }, targets: [] })).toThrow(
      LocalEventBridgeError,
    );
  });

  it('says so when asked about a rule it does not have', () => {
    expect(() => new LocalEventBus().counters('nope')).toThrow('Rule nope does not exist');
  });

  it("runs crossclaim's own rules: a hospital's e-bill reaches the ingest handler, readable as its contract", async () => {
    const bus = new LocalEventBus();
    const ingest = recorder();
    const escalations = recorder();
    const dashboard = recorder();
    addProjectRules(bus, {
      IngestEBillFunction: ingest,
      NotifyEscalationFunction: escalations,
      DashboardFeedFunction: dashboard,
    });
    const sample = readJson('events/samples/ebill-issued.json') as EventBridgeEnvelope;

    bus.putEvents([
      { Source: sample.source, DetailType: sample['detail-type'], Detail: JSON.stringify(sample.detail) },
    ]);
    await bus.drain();

    expect(ingest.events).toHaveLength(1);
    expect(escalations.events).toEqual([]);
    expect(dashboard.events).toEqual([]);
    const received = parseEventBridgeEvent(ingest.events[0], ['EBill.Issued']);
    expect(received.detail.ebill.billNo).toBe('0012345678');
  });

  it('will not wire a rule whose target has no handler', () => {
    const bus = new LocalEventBus();
    const loose = { IngestEBillFunction: recorder() } as unknown as Parameters<typeof addProjectRules>[1];

    expect(() => addProjectRules(bus, loose)).toThrow(
      'Rule notify-review-escalations: no handler for target',
    );
  });
});
