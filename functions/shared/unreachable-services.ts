/**
 * A step that could not reach an AWS service it depends on (the table above all: DynamoDB Local
 * restarting, a network fault) fails with ServiceUnreachable, which the state machine retries
 * with backoff like any passing outage, instead of sending the claim to a clerk. Outside
 * parties have their own names (HospitalUnavailable, BankUnavailable, HomeRegionUnavailable):
 * their clients map their failures first, so what is left here as a transport error is ours.
 */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachable';
}

/** Errors of the network, not of the request: the SDK's own timeout, and Node's socket errors. */
const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function isTransportFailure(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'TimeoutError') return true;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== undefined && TRANSPORT_CODES.has(code)) return true;
  }
  return false;
}

/** The error a step throws: a transport failure renamed so the state machine retries it. */
export function asStepError(error: unknown): unknown {
  if (!isTransportFailure(error)) return error;
  return new ServiceUnreachableError(`a service did not answer: ${(error as Error).message}`, {
    cause: error,
  });
}
