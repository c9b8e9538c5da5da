/**
 * The little HTTP the demo speaks to the running system: JSON in, JSON out, a timeout on every
 * request, and a clear difference between "the service answered" (any status) and "nothing
 * answers there" (SystemUnreachableError, which the command turns into exit code 2).
 */

const REQUEST_TIMEOUT_MS = 15_000;

export class SystemUnreachableError extends Error {
  override readonly name = 'SystemUnreachable';

  /** The connection was refused: the request reached no handler, so trying again is safe. */
  get refused(): boolean {
    for (let cause: unknown = this.cause; cause instanceof Error; cause = cause.cause)
      if ((cause as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    return false;
  }
}

/**
 * Runs `work` again while the service refuses connections (a process of the tree is being
 * restarted by its supervisor), up to `patienceMs`; a person would come back a little later.
 * `retryable` widens what is tried again (an idempotent request may be repeated after any
 * failure). Any other failure, and the last one, is the caller's.
 */
export async function whileRefused<T>(
  work: () => Promise<T>,
  options: { patienceMs: number; signal?: AbortSignal; retryable?: (error: unknown) => boolean },
): Promise<T> {
  const deadline = Date.now() + options.patienceMs;
  const retryable =
    options.retryable ?? ((error: unknown) => error instanceof SystemUnreachableError && error.refused);
  for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 5_000)) {
    try {
      return await work();
    } catch (error) {
      const again = retryable(error);
      if (!again || Date.now() + waitMs > deadline || options.signal?.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

export interface JsonAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface JsonRequest {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** Which part of the system a URL belongs to, named in the message when it does not answer. */
export async function requestJson(
  service: string,
  url: string,
  request: JsonRequest = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(request.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new SystemUnreachableError(`${service} at ${new URL(url).origin} does not answer (${cause})`, {
      cause: error,
    });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // Not JSON: keep the text, the caller says what it expected.
  }
  return { status: response.status, body, headers: response.headers };
}

/** An answer that is not what the demo asked for: the status and the body's error code, if any. */
export class UnexpectedAnswerError extends Error {
  override readonly name = 'UnexpectedAnswer';
  constructor(
    what: string,
    readonly answer: JsonAnswer,
  ) {
    super(`${what}: HTTP ${answer.status} ${describeBody(answer.body)}`);
  }
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object' && 'error' in body) {
    const { error, message } = body as { error: unknown; message?: unknown };
    return `${String(error)}${typeof message === 'string' ? `: ${message}` : ''}`;
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}
