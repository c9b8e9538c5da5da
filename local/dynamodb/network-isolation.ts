import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * DynamoDB Local has no option to choose the address it listens on: its Jetty binds every
 * interface, without authentication, and the table holds bank accounts. So the JVM runs in a
 * private network namespace of its own (`unshare --user --map-root-user --net`, no privileges
 * needed where user namespaces are enabled, as on Debian and Ubuntu), whose only interface is
 * its own loopback. Nothing on the network, and nothing else on this machine's loopback, can
 * reach it there. Two small relays carry crossclaim's requests in:
 *
 *   SDK → 127.0.0.1:<port> (this process) → Unix socket in a 0700 folder → relay in the
 *   namespace (namespace-relay.mjs) → the JVM on the namespace's 127.0.0.1:8000
 *
 * Clients keep using an ordinary http://127.0.0.1:<port> endpoint.
 */

/** The JVM's port inside its namespace: nothing else lives there, so it is always free. */
export const JVM_PORT_IN_NAMESPACE = 8000;
const RELAY = fileURLToPath(new URL('./namespace-relay.mjs', import.meta.url));
/** The exit code of the shell when the namespace's loopback cannot be brought up. */
export const LOOPBACK_FAILED_EXIT = 97;

export interface IsolatedCommand {
  command: string;
  args: string[];
  /** The private folder of the Unix socket, removed by cleanUp(). */
  socketDir: string;
  socketPath: string;
  cleanUp(): void;
}

/** The command line that runs `java <jvmArgs>` in its own network namespace, with the relay. */
export function isolatedCommand(javaCommand: string, jvmArgs: readonly string[]): IsolatedCommand {
  // mkdtemp makes the folder 0700: only this user can connect to the socket inside.
  const socketDir = mkdtempSync(join(tmpdir(), 'crossclaim-dynamodb-'));
  const socketPath = join(socketDir, 'dynamodb.sock');
  // `ip` lives in /usr/sbin, which is not on an ordinary user's PATH on Debian.
  const script =
    'PATH="$PATH:/usr/sbin:/sbin"; ' +
    `ip link set lo up || exit ${LOOPBACK_FAILED_EXIT}; ` +
    'node="$1"; relay="$2"; sock="$3"; port="$4"; shift 4; ' +
    // exec: the JVM takes the shell's pid (the one the launcher stops) and becomes the relay's parent.
    '"$node" "$relay" "$sock" "$port" "$$" & exec "$@"';
  return {
    command: 'unshare',
    args: [
      '--user',
      '--map-root-user',
      '--net',
      '--',
      'sh',
      '-c',
      script,
      'sh',
      process.execPath,
      RELAY,
      socketPath,
      String(JVM_PORT_IN_NAMESPACE),
      javaCommand,
      ...jvmArgs,
    ],
    socketDir,
    socketPath,
    cleanUp: () => rmSync(socketDir, { recursive: true, force: true }),
  };
}

export interface LoopbackRelay {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:<port> and carries each connection to the namespace's Unix socket. */
export function startLoopbackRelay(port: number, socketPath: string): Promise<LoopbackRelay> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const inside = connect(socketPath);
    open.add(client).add(inside);
    client.once('close', () => open.delete(client));
    inside.once('close', () => open.delete(inside));
    client.pipe(inside).pipe(client);
    client.on('error', () => inside.destroy());
    inside.on('error', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections of clients would otherwise hold close() open.
            for (const socket of open) socket.destroy();
          }),
      });
    });
  });
}
