import { failure, startAwsJsonServer, type AwsJsonReply, type AwsJsonServer } from '../aws-json-server';
import { z } from 'zod';
import { MAX_ENTRIES_PER_PUT } from '../../events/put-events-limits';
import { LocalEventBridgeError, type LocalEventBus } from './local-bus';
import { silentLogger, type LocalEventBridgeLogger } from './logger';
import { IdRequestSchema, ListRequestSchema, type DeadLetterAdmin } from './dead-letter-admin';
import { ReplayRefused, StartReplayRequestSchema, type LocalReplays } from './replays';
import { callerOf } from './publisher-identity';

// The EventBridge API over HTTP, AWS JSON 1.1 protocol: POST / with `X-Amz-Target:
// AWSEvents.<Operation>` and a JSON body; errors as HTTP 4xx/5xx with `__type`. An unmodified
// @aws-sdk/client-eventbridge with `endpoint` set to `url` talks to it (signatures are not
// checked: it binds to loopback and is a development stand-in). Served: PutEvents (the call our
// code makes; rules come from events/patterns.ts, not from PutRule), StartReplay/DescribeReplay
// over the journal (the archive), and, under `CrossclaimLocal.`, the dead-letter queue's
// list/get/redrive, which on AWS are SQS calls.

export interface EventBridgeApiServerOptions {
  bus: LocalEventBus;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default: no authentication here. */
  host?: string;
  logger?: LocalEventBridgeLogger;
  replays?: LocalReplays;
  deadLetters?: DeadLetterAdmin;
}

export type EventBridgeApiServer = AwsJsonServer;

const TARGET_PREFIX = 'AWSEvents.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** Ten entries of 256 KiB and their JSON escaping fit; anything larger is no valid request. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The request as the SDK serializes it. Missing Source/DetailType/Detail are not refused here:
 * EventBridge answers those per entry, and so does the bus. Timestamps in AWS JSON are epoch
 * seconds.
 */
const PutEventsRequestSchema = z.object({
  Entries: z
    .array(
      z.object({
        Source: z.string().optional(),
        DetailType: z.string().optional(),
        Detail: z.string().optional(),
        Resources: z.array(z.string()).optional(),
        Time: z
          .union([z.number(), z.iso.datetime({ offset: true })])
          .transform((time) => new Date(typeof time === 'number' ? time * 1000 : time))
          .optional(),
        EventBusName: z.string().optional(),
        TraceHeader: z.string().optional(),
      }),
    )
    .min(1)
    .max(MAX_ENTRIES_PER_PUT),
  EndpointId: z.string().optional(),
});

export async function startEventBridgeApiServer(
  options: EventBridgeApiServerOptions,
): Promise<EventBridgeApiServer> {
  const logger = options.logger ?? silentLogger;
  const known = operations(options);
  return startAwsJsonServer({
    contentType: CONTENT_TYPE,
    maxBodyBytes: MAX_BODY_BYTES,
    tooLargeStatus: 413,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.host !== undefined && { host: options.host }),
    answer: async ({ target, body, authorization }) => {
      const operation = target === undefined ? undefined : known[target];
      if (!operation)
        return failure(400, 'UnknownOperationException', `Unknown operation: ${String(target)}`);
      return operation(body, authorization);
    },
    onUnexpected: (error) => {
      logger({ level: 'error', message: 'EventBridge API request failed unexpectedly', error });
      return failure(500, 'InternalException', 'Internal failure of the local EventBridge');
    },
  });
}

/** An operation gets the body and the caller's SigV4 authorization header (who publishes). */
type Operation = (body: unknown, authorization: string | undefined) => Promise<AwsJsonReply>;

function operations(options: EventBridgeApiServerOptions): Record<string, Operation | undefined> {
  const { replays, deadLetters } = options;
  return {
    [`${TARGET_PREFIX}PutEvents`]: (body, authorization) => putEvents(body, options.bus, authorization),
    ...(replays && {
      [`${TARGET_PREFIX}StartReplay`]: async (body) =>
        parsedThen(StartReplayRequestSchema, body, (request) => ok(replays.start(request))),
      [`${TARGET_PREFIX}DescribeReplay`]: async (body) =>
        parsedThen(z.object({ ReplayName: z.string().min(1) }), body, ({ ReplayName }) =>
          ok(replays.describe(ReplayName)),
        ),
    }),
    ...(deadLetters && {
      [`${LOCAL_PREFIX}ListDeadLetters`]: async (body) =>
        parsedThen(ListRequestSchema, body ?? {}, ({ All }) => ok({ DeadLetters: deadLetters.list(All) })),
      [`${LOCAL_PREFIX}GetDeadLetter`]: async (body) =>
        parsedThen(IdRequestSchema, body, ({ Id }) => {
          const letter = deadLetters.get(Id);
          return letter ? ok({ DeadLetter: letter }) : notFound(Id);
        }),
      [`${LOCAL_PREFIX}RedriveDeadLetter`]: async (body) => {
        const parsed = IdRequestSchema.safeParse(body);
        if (!parsed.success) return failure(400, 'ValidationException', describeIssues(parsed.error));
        const result = await deadLetters.redrive(parsed.data.Id);
        return result ? ok(result) : notFound(parsed.data.Id);
      },
    }),
  };
}

const LOCAL_PREFIX = 'CrossclaimLocal.';
const ok = (body: object): AwsJsonReply => ({ status: 200, body: { ...body } });
const notFound = (id: string) => failure(404, 'ResourceNotFoundException', `No dead letter ${id}`);

function parsedThen<T>(schema: z.ZodType<T>, body: unknown, then: (value: T) => AwsJsonReply): AwsJsonReply {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return failure(400, 'ValidationException', describeIssues(parsed.error));
  try {
    return then(parsed.data);
  } catch (error) {
    if (error instanceof ReplayRefused) return failure(400, error.code, error.message);
    throw error;
  }
}

async function putEvents(
  body: unknown,
  bus: LocalEventBus,
  authorization: string | undefined,
): Promise<AwsJsonReply> {
  const parsed = PutEventsRequestSchema.safeParse(body);
  if (!parsed.success) return failure(400, 'ValidationException', describeIssues(parsed.error));

  try {
    return {
      status: 200,
      body: bus.putEvents(parsed.data.Entries, { caller: callerOf(authorization) }),
    };
  } catch (error) {
    if (error instanceof LocalEventBridgeError) return failure(400, error.code, error.message);
    throw error;
  }
}

/** In the words AWS uses: "1 validation error detected: ...". */
function describeIssues(error: z.ZodError): string {
  const count = error.issues.length;
  const details = error.issues.map(
    (issue) => `${z.core.toDotPath(issue.path) || '(body)'}: ${issue.message}`,
  );
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${details.join('; ')}`;
}
