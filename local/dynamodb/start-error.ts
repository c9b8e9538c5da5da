/**
 * Why DynamoDB Local could not be started. The reason is machine-readable so callers (the CLI,
 * the test harness) can react to it; the message is written for the person at the terminal and
 * always says what to do next.
 */
export type DynamoDbLocalStartFailure = 'java-missing' | 'port-in-use' | 'exited' | 'timeout' | 'jar-missing';

export class DynamoDbLocalStartError extends Error {
  override readonly name = 'DynamoDbLocalStartError';

  constructor(
    readonly reason: DynamoDbLocalStartFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const javaMissingError = (javaCommand: string, cause: unknown): DynamoDbLocalStartError =>
  new DynamoDbLocalStartError(
    'java-missing',
    `DynamoDB Local needs Java 17 or newer, but "${javaCommand}" was not found on PATH. ` +
      'Install it (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless) and try again.',
    { cause },
  );

export const portInUseError = (port: number): DynamoDbLocalStartError =>
  new DynamoDbLocalStartError(
    'port-in-use',
    `DynamoDB Local cannot listen on port ${port}: the port is already in use. ` +
      'Stop whatever holds it (ss -ltnp | grep :' +
      port +
      ') or choose another port, or pass port 0 to let the launcher pick a free one.',
  );

export const startupTimeoutError = (timeoutMs: number, outputTail: string): DynamoDbLocalStartError =>
  new DynamoDbLocalStartError(
    'timeout',
    `DynamoDB Local did not answer within ${timeoutMs} ms (it usually needs about 3 s; a busy machine ` +
      `may need a longer startupTimeoutMs).${lastOutput(outputTail)}`,
  );

/**
 * Explains a JVM that exited before it answered. Jetty's bind failure becomes the same
 * "port in use" error the launcher's own check gives, so callers handle one reason, not two.
 */
export const startupExitError = (
  port: number,
  outputTail: string,
  exit: { code: number | null; signal: NodeJS.Signals | null },
): DynamoDbLocalStartError => {
  if (/Address already in use|Failed to bind|Could not start server on port/.test(outputTail)) {
    return portInUseError(port);
  }
  const tooOldJava = /UnsupportedClassVersionError/.test(outputTail)
    ? ' The installed Java is too old: DynamoDB Local needs Java 17 or newer (openjdk-17-jre-headless).'
    : '';
  const how = exit.code === null ? `signal ${exit.signal ?? 'unknown'}` : `exit code ${exit.code}`;
  return new DynamoDbLocalStartError(
    'exited',
    `DynamoDB Local exited during startup (${how}).${tooOldJava}${lastOutput(outputTail)}`,
  );
};

const lastOutput = (outputTail: string): string =>
  outputTail === '' ? ' It wrote nothing.' : `\nIts last output:\n${outputTail}`;
