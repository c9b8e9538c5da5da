import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBridgeEnvelope } from '../../../events/envelope';
import {
  startEventBridgeApiServer,
  type EventBridgeApiServer,
} from '../../../local/eventbridge/eventbridge-api-server';
import { LocalEventBus } from '../../../local/eventbridge/local-bus';

let bus: LocalEventBus;
let server: EventBridgeApiServer;
let client: EventBridgeClient;
let delivered: EventBridgeEnvelope[];

beforeEach(async () => {
  bus = new LocalEventBus({ name: 'crossclaim' });
  delivered = [];
  bus.addRule({
    name: 'claims',
    pattern: { source: ['crossclaim.claims'] },
    targets: [(event) => void delivered.push(event)],
  });
  server = await startEventBridgeApiServer({ bus });
  // An unmodified SDK client: only the endpoint and throwaway credentials differ from AWS.
  client = new EventBridgeClient({
    endpoint: server.url,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

const paidEntry = {
  EventBusName: 'crossclaim',
  Source: 'crossclaim.claims',
  DetailType: 'Claim.Paid',
  Detail: JSON.stringify({
    version: '1.0',
    claimId: 'clm-1',
    amountFen: 100,
    at: '2026-03-21T11:00:10+08:00',
  }),
};

describe('the local EventBridge API (AWS JSON 1.1)', () => {
  it('listens on loopback only', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });

  it('takes PutEvents from @aws-sdk/client-eventbridge and delivers the event to the matching target', async () => {
    const response = await client.send(new PutEventsCommand({ Entries: [paidEntry] }));
    await bus.drain();

    expect(response.FailedEntryCount).toBe(0);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      id: response.Entries?.[0]?.EventId,
      source: 'crossclaim.claims',
      'detail-type': 'Claim.Paid',
      detail: { claimId: 'clm-1', amountFen: 100 },
    });
  });

  it('carries the time the SDK sends (epoch seconds on the wire) into the envelope', async () => {
    await client.send(
      new PutEventsCommand({ Entries: [{ ...paidEntry, Time: new Date('2026-03-21T03:00:11Z') }] }),
    );
    await bus.drain();

    expect(delivered[0]!.time).toBe('2026-03-21T03:00:11Z');
  });

  it('answers a malformed Detail in its own entry and still delivers the others', async () => {
    const response = await client.send(
      new PutEventsCommand({
        Entries: [paidEntry, { ...paidEntry, Detail: '{"version": "1.0", "claimId": ' }, paidEntry],
      }),
    );
    await bus.drain();

    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries?.[1]).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed.',
    });
    expect(delivered.map((event) => event.id)).toEqual([
      response.Entries?.[0]?.EventId,
      response.Entries?.[2]?.EventId,
    ]);
  });

  it('refuses more than ten entries as a ValidationException the SDK raises', async () => {
    const request = new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => paidEntry) });

    await expect(client.send(request)).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('1 validation error detected: Entries') as string,
      $metadata: { httpStatusCode: 400 },
    });
    expect(bus.counters('claims').matched).toBe(0);
  });

  it('answers operations it does not serve with UnknownOperationException', async () => {
    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
  });

  it('answers a body that is not JSON with SerializationException, in the AWS JSON error shape', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: '{"Entries": [',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({
      __type: 'SerializationException',
      message: 'Request body is not valid JSON',
    });
  });
});
