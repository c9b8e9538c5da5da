/**
 * An answer other than success that a route decides on purpose: who is asking (401), what they
 * may do (403), what exists for them (404), what state the case is in (409). Thrown from deep
 * inside a route and turned into a JSON response in routeHandler's onError (./http-middlewares.ts),
 * so every route answers alike.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    /** A stable, machine-readable code: `not_found`, `forbidden`, … */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const unauthorized = (message: string): HttpError => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);
export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);
export const conflict = (code: string, message: string): HttpError => new HttpError(409, code, message);
