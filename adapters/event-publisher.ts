import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import type { OutgoingEvent } from '../events/event-entry';
import { entrySizeBytes, MAX_ENTRIES_PER_PUT, MAX_PUT_BYTES } from '../events/put-events-limits';
import { withoutSdkLogging } from './sdk-client-logging';

/**
 * Publishing events (events/): an interface handlers depend on, and its EventBridge
 * implementation. The handlers' publisher is built once per process by the composition root
 * (functions/shared/dependencies.ts, `deps('events')`) from the Config's bus, endpoint and region.
 * Build the events with the contracts' builders (ClaimPaid.event(...)), which validate them.
 */
export interface EventPublisher {
  /** Resolves when EventBridge has accepted every event; rejects naming the ones it did not. */
  publish(events: readonly OutgoingEvent[]): Promise<void>;
}

/** Some events were not accepted, after retries where retrying could help. */
export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
  constructor(readonly failures: readonly EventPublishFailure[]) {
    const detailTypes = [...new Set(failures.map((failure) => failure.detailType))];
    super(
      `EventBridge did not accept ${failures.length} event(s) of type ${detailTypes.join(', ')}: ` +
        failures.map((f) => `${f.detailType} (${f.errorCode}: ${f.errorMessage})`).join('; '),
    );
  }
}

export interface EventPublishFailure {
  source: string;
  detailType: string;
  errorCode: string;
  errorMessage: string;
}

export interface EventBridgeSettings {
  busName: string;
  /** Set for the local stand-in; undefined on AWS, where the SDK finds the regional endpoint. */
  endpoint: string | undefined;
  region: string;
  /** A local stand-in caller's own identity (a simulated hospital's); the local default otherwise. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface EventBridgePublisherOptions {
  /** Attempts per entry in all, the first included (a failed entry is resent alone). */
  maxAttempts?: number;
  /** Wait after the first failed attempt, doubled for each further one. */
  baseDelayMs?: number;
}

/**
 * Entry errors that another try cannot fix (bad detail, no permission for the source): failed
 * at once. Anything else (InternalFailure, ThrottlingException, a code we do not know) is retried.
 */
const PERMANENT_ERROR_CODES = new Set([
  'AccessDeniedException',
  'InvalidAccountIdException',
  'InvalidArgument',
  'MalformedDetail',
  'NotAuthorizedForDetailTypeException',
  'NotAuthorizedForSourceException',
  'RedactionFailure',
]);

export class EventBridgeEventPublisher implements EventPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly client: Pick<EventBridgeClient, 'send'>,
    private readonly busName: string,
    options: EventBridgePublisherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 100;
  }

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    const entries = events.map((event) => this.toEntry(event));
    const failures: EventPublishFailure[] = [];
    for (const batch of batchesOf(entries)) failures.push(...(await this.putWithRetries(batch)));
    if (failures.length > 0) throw new EventPublishError(failures);
  }

  private toEntry(event: OutgoingEvent): PutEventsRequestEntry {
    const entry: PutEventsRequestEntry = {
      EventBusName: this.busName,
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
    };
    if (entrySizeBytes(entry) > MAX_PUT_BYTES) {
      // Would be refused whatever we do; say so before sending anything.
      throw new EventPublishError([
        {
          source: event.source,
          detailType: event.detailType,
          errorCode: 'EntryTooLarge',
          errorMessage: `the entry is ${entrySizeBytes(entry)} bytes, over EventBridge's ${MAX_PUT_BYTES}`,
        },
      ]);
    }
    return entry;
  }

  /** Sends the batch, then resends only its failed entries, until none fail or attempts run out. */
  private async putWithRetries(batch: PutEventsRequestEntry[]): Promise<EventPublishFailure[]> {
    let pending = batch;
    const permanent: EventPublishFailure[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (!response.FailedEntryCount) return permanent;

      const failed = pending.flatMap((entry, i) => {
        const result: PutEventsResultEntry = response.Entries?.[i] ?? { ErrorCode: 'MissingResult' };
        return result.ErrorCode === undefined ? [] : [{ entry, failure: failureOf(entry, result) }];
      });
      permanent.push(
        ...failed.filter((f) => PERMANENT_ERROR_CODES.has(f.failure.errorCode)).map((f) => f.failure),
      );
      const retryable = failed.filter((f) => !PERMANENT_ERROR_CODES.has(f.failure.errorCode));
      if (retryable.length === 0) return permanent;
      if (attempt >= this.maxAttempts) return [...permanent, ...retryable.map((f) => f.failure)];

      await sleep(this.baseDelayMs * 2 ** (attempt - 1));
      pending = retryable.map((f) => f.entry);
    }
  }
}

function failureOf(entry: PutEventsRequestEntry, result: PutEventsResultEntry): EventPublishFailure {
  return {
    source: entry.Source ?? '',
    detailType: entry.DetailType ?? '',
    errorCode: result.ErrorCode ?? 'Unknown',
    errorMessage: result.ErrorMessage ?? '',
  };
}

/** Consecutive batches within both PutEvents limits, in order. */
export function batchesOf(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const bytes = entrySizeBytes(entry);
    if (
      current.length === MAX_ENTRIES_PER_PUT ||
      (current.length > 0 && currentBytes + bytes > MAX_PUT_BYTES)
    ) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

// The local stand-in accepts any credentials but the SDK insists on having some. Only a loopback
// endpoint gets them: a custom endpoint elsewhere (a VPC endpoint, say) needs real credentials.
// (The same rule as adapters/dynamodb/clients.ts, kept here so this adapter does not load DynamoDB.)
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const isLoopbackEndpoint = (endpoint: string): boolean => LOOPBACK_HOSTS.has(new URL(endpoint).hostname);

export const createEventBridgeClient = ({
  endpoint,
  region,
  credentials,
}: EventBridgeSettings): EventBridgeClient =>
  withoutSdkLogging(
    new EventBridgeClient({
      region,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(endpoint !== undefined && isLoopbackEndpoint(endpoint)
        ? { credentials: credentials ?? LOCAL_CREDENTIALS }
        : {}),
    }),
  );

export const createEventBridgePublisher = (
  settings: EventBridgeSettings,
  options?: EventBridgePublisherOptions,
): EventBridgeEventPublisher =>
  new EventBridgeEventPublisher(createEventBridgeClient(settings), settings.busName, options);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
