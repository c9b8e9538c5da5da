import { currentToken } from './session';

/** An answer other than success, with the API's stable error code (`not_found`, `forbidden`, …). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Body = undefined | Blob | Record<string, unknown>;

async function send(method: string, path: string, body: Body): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    headers['content-type'] = body.type || 'application/octet-stream';
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload });
  if (!response.ok) {
    let code = 'http_error';
    let message = `${response.status}`;
    try {
      const error = (await response.json()) as { error?: string; message?: string };
      code = error.error ?? code;
      message = error.message ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(response.status, code, message);
  }
  return response;
}

/** A JSON request to the API (same origin), with the session's bearer token. */
export async function api<T>(method: string, path: string, body?: Body): Promise<T> {
  const response = await send(method, path, body);
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** Binary content (a receipt image) as an object URL the page revokes when done. */
export async function apiObjectUrl(path: string): Promise<string> {
  const response = await send('GET', path, undefined);
  return URL.createObjectURL(await response.blob());
}
