import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Two checks every local HTTP service of the embedded default makes before it does anything.
 *
 * The Host check defeats DNS rebinding: a web page on evil.example can have its name resolve to
 * 127.0.0.1 and then send requests to a local port from the victim's browser, but the browser
 * still says `Host: evil.example`. A service answers only the names it is reached by
 * (127.0.0.1, localhost, [::1] with its port, and names it was configured with).
 *
 * The admin check keeps the simulators' switches from any web page: a page can POST text/plain
 * to a loopback port without a preflight, but it cannot send `Content-Type: application/json`
 * or an `Authorization` header cross-origin without one, and it does not know the token (kept in
 * the data folder, mode 0600).
 */

export interface Refusal {
  status: number;
  body: { error: string; message: string };
}

/** The Host names (with port) a service on 127.0.0.1:<port> answers to, plus `extra` names. */
export function allowedHosts(port: number, extra: readonly string[] = []): Set<string> {
  return new Set(
    [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...extra].map((h) => h.toLowerCase()),
  );
}

/** A refusal when the request's Host is not one of `allowed`. */
export function checkHost(headers: IncomingHttpHeaders, allowed: ReadonlySet<string>): Refusal | undefined {
  const host = headers.host?.toLowerCase();
  if (host !== undefined && allowed.has(host)) return undefined;
  return {
    status: 421,
    body: {
      error: 'misdirected_request',
      message: `this service answers requests for ${[...allowed].join(', ')} only, not ${host ?? '(no Host header)'}`,
    },
  };
}

/** A refusal unless the request is JSON and carries the admin token as a bearer token. */
export function checkAdmin(headers: IncomingHttpHeaders, token: string): Refusal | undefined {
  const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return {
      status: 415,
      body: {
        error: 'unsupported_media_type',
        message: 'admin requests must be Content-Type: application/json',
      },
    };
  }
  const given = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1] ?? '';
  const expected = Buffer.from(token);
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return {
      status: 401,
      body: {
        error: 'unauthorized',
        message: 'admin requests need Authorization: Bearer <the token in <data dir>/world/admin-token>',
      },
    };
  }
  return undefined;
}

/** A new random admin token. */
export const newAdminToken = (): string => randomBytes(32).toString('base64url');
