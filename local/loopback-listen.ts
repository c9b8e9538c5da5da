import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server bound and ready: its port and URL, and a close that does not wait for idle clients. */
export interface Listening {
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback unless said: the local stand-ins have no authentication of their own. */
  host?: string;
  /** Turns a listen error into the caller's own (e.g. a port in use, named by its option). */
  onListenError?: (error: NodeJS.ErrnoException) => Error;
}

/** Binds a local server (every stand-in and the local API) and gives the one way to close it. */
export async function listenOnLoopback(server: Server, options: ListenOptions = {}): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(options.onListenError ? options.onListenError(error) : error),
    );
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive, and hung ones (a 'timeout' fault) never end:
        // without this close() waits for them.
        server.closeAllConnections();
      }),
  };
}
