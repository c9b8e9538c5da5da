/** 'connection refused (ECONNREFUSED)' and the like, from fetch's error and its cause. */
export function connectionFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    UND_ERR_SOCKET: 'connection closed',
  };
  if (code !== undefined) return `${known[code] ?? 'connection failed'} (${code})`;
  return 'connection failed';
}
