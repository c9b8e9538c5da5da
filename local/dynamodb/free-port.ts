import { createServer } from 'node:net';

const LOOPBACK = '127.0.0.1';

/** Resolves true when nothing listens on the port (probed on loopback, where we connect). */
export const isPortFree = (port: number): Promise<boolean> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    probe.listen({ port, host: LOOPBACK, exclusive: true }, () => probe.close(() => resolve(true)));
  });

/**
 * A port the kernel considers free right now. Another process may still take it before the JVM
 * binds it, which is why the launcher retries with a fresh port when the JVM reports a conflict.
 */
export const findFreePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: LOOPBACK, exclusive: true }, () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('The kernel did not report the port it assigned.'));
      });
    });
  });
