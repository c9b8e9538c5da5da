import {
  failure,
  startAwsJsonServer,
  type AwsJsonReply,
  type AwsJsonRequest,
  type AwsJsonServer,
} from '../aws-json-server';
import { isSfnServiceError } from './errors';
import { silentLogger, type LocalSfnLogger } from './logger';
import type { LocalStepFunctions } from './runner';
import { describeValidationIssues } from './sfn-api-schemas';
import { sfnApiOperations } from './sfn-api-operations';

// The Step Functions API over HTTP, AWS JSON 1.0 protocol: POST / with
// `X-Amz-Target: AWSStepFunctions.<Operation>`, errors as HTTP 400 with `__type`. An unmodified
// @aws-sdk/client-sfn with `endpoint` set to `url` talks to it (signatures are not checked).

export interface SfnApiServerOptions {
  sfn: LocalStepFunctions;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default: this is a development stand-in with no authentication. */
  host?: string;
  logger?: LocalSfnLogger;
}

export type SfnApiServer = AwsJsonServer;

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Above the 256 KiB payload limit plus envelope; anything larger is not a valid request. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function startSfnApiServer(options: SfnApiServerOptions): Promise<SfnApiServer> {
  const logger = options.logger ?? silentLogger;
  return startAwsJsonServer({
    contentType: CONTENT_TYPE,
    maxBodyBytes: MAX_BODY_BYTES,
    tooLargeStatus: 400,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.host !== undefined && { host: options.host }),
    answer: (request) => answer(request, options.sfn, logger),
    onUnexpected: (error) => {
      logger({ level: 'error', message: 'SFN API request failed unexpectedly', error });
      return failure(500, 'InternalFailure', 'Internal failure of the local Step Functions');
    },
  });
}

async function answer(
  { target, body }: AwsJsonRequest,
  sfn: LocalStepFunctions,
  logger: LocalSfnLogger,
): Promise<AwsJsonReply> {
  const operationName = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = sfnApiOperations[operationName];
  if (!operation) return failure(400, 'UnknownOperationException', `Unknown operation: ${String(target)}`);
  const parsed = operation.schema.safeParse(body ?? {});
  if (!parsed.success) return failure(400, 'ValidationException', describeValidationIssues(parsed.error));

  try {
    return { status: 200, body: await operation.handle(sfn, parsed.data) };
  } catch (error) {
    if (isSfnServiceError(error)) {
      logger({ level: 'debug', message: `${operationName} refused: ${error.name}`, reason: error.message });
      return failure(400, error.name, error.message);
    }
    throw error;
  }
}
