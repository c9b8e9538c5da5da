import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../local/dynamodb/dynamodb-local';
import { findFreePort } from '../../../local/dynamodb/free-port';
import { DynamoDbLocalStartError, startupExitError } from '../../../local/dynamodb/start-error';
import { isRunning } from '../../support/process-liveness';

const clientFor = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

const startFailure = async (starting: Promise<DynamoDbLocal>): Promise<DynamoDbLocalStartError> => {
  const error: unknown = await starting.then(
    async (started) => {
      await started.stop();
      return new Error('DynamoDB Local started, but it should not have');
    },
    (failure: unknown) => failure,
  );
  if (!(error instanceof DynamoDbLocalStartError)) throw error;
  return error;
};

describe('startDynamoDbLocal: a running instance', () => {
  let dynamo: DynamoDbLocal;
  const log: string[] = [];

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal({ logger: (message) => log.push(message) });
  });
  afterAll(() => dynamo.stop());

  it('listens on a port it picked and answers ListTables on 127.0.0.1', async () => {
    expect(dynamo.port).toBeGreaterThan(0);
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
    const client = clientFor(dynamo.endpoint);
    await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    client.destroy();
  });

  it('reports through the logger that it is ready, and forwards what the JVM prints', () => {
    expect(log).toContainEqual(
      expect.stringMatching(
        /^DynamoDB Local ready at http:\/\/127\.0\.0\.1:\d+ \(pid \d+, in memory, own network namespace\)/,
      ),
    );
    expect(log).toContainEqual(expect.stringMatching(/^\[dynamodb-local\] InMemory:\s+true/));
  });
});

describe('startDynamoDbLocal: stop()', () => {
  it('ends the JVM, frees the port, and may be called again', async () => {
    const dynamo = await startDynamoDbLocal();
    expect(isRunning(dynamo.pid)).toBe(true);

    await dynamo.stop();
    await dynamo.stop();

    expect(isRunning(dynamo.pid)).toBe(false);
    const client = clientFor(dynamo.endpoint);
    await expect(client.send(new ListTablesCommand({}))).rejects.toThrow();
    client.destroy();
  });
});

describe('startDynamoDbLocal: failures say what to do', () => {
  let occupant: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (occupant ? occupant.close(resolve) : resolve(undefined)));
    occupant = undefined;
  });

  it('refuses a port that is in use, naming the port and how to choose another', async () => {
    const port = await findFreePort();
    // Hangs up at once on anyone who connects, so that a launcher polling the wrong process fails fast.
    occupant = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => occupant?.listen(port, '127.0.0.1', resolve));

    const error = await startFailure(startDynamoDbLocal({ port }));

    expect(error.reason).toBe('port-in-use');
    expect(error.message).toContain(`port ${port}`);
    expect(error.message).toMatch(/choose another port|port 0/);
  });

  it('refuses the port of another DynamoDB Local instead of taking its answers for its own', async () => {
    const { port } = new URL(inject('dynamoEndpoint'));

    const error = await startFailure(startDynamoDbLocal({ port: Number(port) }));

    expect(error.reason).toBe('port-in-use');
  });

  it('asks for openjdk-17-jre-headless when java cannot be found', async () => {
    const error = await startFailure(startDynamoDbLocal({ javaCommand: '/nonexistent/bin/java' }));

    expect(error.reason).toBe('java-missing');
    expect(error.message).toContain('openjdk-17-jre-headless');
  });

  it('gives up after startupTimeoutMs, saying how long it waited', async () => {
    const error = await startFailure(startDynamoDbLocal({ startupTimeoutMs: 1 }));

    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('did not answer within 1 ms');
  });

  it('shows the end of its output when the process dies during startup', async () => {
    // Node.js stands in for a broken Java here: it rejects the JVM options and exits at once.
    const error = await startFailure(startDynamoDbLocal({ javaCommand: process.execPath }));

    expect(error.reason).toBe('exited');
    expect(error.message).toMatch(/exited during startup \(exit code \d+\)/);
    expect(error.message).toContain('-Djava.library.path');
  });
});

describe('startupExitError: reading why the JVM died', () => {
  it("recognises Jetty's bind failure as the port being in use", () => {
    const tail = 'Exception in thread "main" java.io.IOException: Failed to bind to 0.0.0.0/0.0.0.0:8123';

    const error = startupExitError(8123, tail, { code: 1, signal: null });

    expect(error.reason).toBe('port-in-use');
    expect(error.message).toContain('port 8123');
  });

  it('points at Java 17 when the class files are too new for the installed Java', () => {
    const tail = 'java.lang.UnsupportedClassVersionError: ... class file version 61.0';

    const error = startupExitError(8000, tail, { code: 1, signal: null });

    expect(error.reason).toBe('exited');
    expect(error.message).toContain('Java 17 or newer');
  });
});
