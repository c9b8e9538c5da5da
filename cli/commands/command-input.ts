/** Small checks and messages shared by the commands that read the table and the simulators. */

export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A person-readable cause of a failed read. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The SDK reports a refused connection as an AggregateError with an empty message.
  const code = (error as NodeJS.ErrnoException).code;
  return error.message || (code ? `connection failed (${code})` : error.name);
}
