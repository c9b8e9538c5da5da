import { LOOPBACK_FAILED_EXIT } from './network-isolation';

/**
 * Why DynamoDB Local could not be started. The reason is machine-readable so callers (the CLI,
 * the test harness) can react to it; the message is written for the person at the terminal and
 * always says what to do next.
 */
export type DynamoDbLocalStartFailure =
  'java-missing' | 'port-in-use' | 'exited' | 'timeout' | 'jar-missing' | 'isolation-unavailable';

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

const ISOLATION_HELP =
  'DynamoDB Local listens on every interface, so crossclaim runs it in a private network namespace ' +
  '(`unshare --user --net`, util-linux, with user namespaces enabled: sysctl kernel.unprivileged_userns_clone=1 ' +
  'on older Debian) and `ip` (iproute2) to bring its loopback up.';

export const isolationUnavailableError = (cause: unknown): DynamoDbLocalStartError =>
  new DynamoDbLocalStartError('isolation-unavailable', `${ISOLATION_HELP} "unshare" was not found on PATH.`, {
    cause,
  });

/**
 * A start in the private namespace that ended early: the namespace could not be made (no user
 * namespaces, no `ip`), or the JVM itself failed, explained as startupExitError does.
 */
export const isolatedStartupError = (
  port: number,
  outputTail: string,
  exit: { code: number | null; signal: NodeJS.Signals | null },
): DynamoDbLocalStartError => {
  if (exit.code === LOOPBACK_FAILED_EXIT || /^unshare: /m.test(outputTail)) {
    return new DynamoDbLocalStartError(
      'isolation-unavailable',
      `${ISOLATION_HELP} Making the namespace failed.${lastOutput(outputTail)}`,
    );
  }
  if (exit.code === 127 && /java: (not found|No such file)/.test(outputTail)) {
    return javaMissingError('java', new Error(outputTail));
  }
  return startupExitError(port, outputTail, exit);
};
