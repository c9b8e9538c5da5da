import { randomBytes } from 'node:crypto';

// Task tokens are opaque to callers, but ours say which execution and state they belong to,
// so a token that outlives the process can still be traced to its claim when the journal is
// persisted. They also let InvalidToken (not a token at all) be told apart from
// TaskDoesNotExist (a token, but of no known task), as AWS does.

export interface TaskTokenClaims {
  executionArn: string;
  stateName: string;
  nonce: string;
}

const TOKEN_VERSION = 1;

export function mintTaskToken(executionArn: string, stateName: string): string {
  return encodeTaskToken({ executionArn, stateName, nonce: randomBytes(16).toString('hex') });
}

export function encodeTaskToken(claims: TaskTokenClaims): string {
  const body = { v: TOKEN_VERSION, e: claims.executionArn, s: claims.stateName, n: claims.nonce };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeTaskToken(token: string): TaskTokenClaims | undefined {
  try {
    const body: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof body !== 'object' || body === null) return undefined;
    const { v, e, s, n } = body as Record<string, unknown>;
    if (v !== TOKEN_VERSION || typeof e !== 'string' || typeof s !== 'string' || typeof n !== 'string') {
      return undefined;
    }
    return { executionArn: e, stateName: s, nonce: n };
  } catch {
    return undefined;
  }
}
