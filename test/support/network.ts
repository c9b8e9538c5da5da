import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/** An IPv4 address of this machine that is not loopback (another machine would connect to it), if any. */
export function nonLoopbackAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return undefined;
}

/** 'connected', or the error code of a TCP connection to host:port from `from` (e.g. ECONNREFUSED). */
export function tryConnect(host: string, port: number, from?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, ...(from && { localAddress: from }), timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
