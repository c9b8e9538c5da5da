import { startHomeRegionServer } from './home-region-server';
import { HomeRegionSimulator } from './home-region-simulator';
import { keepOnDisk } from './home-region-store';

export interface RunningHomeRegion {
  simulator: HomeRegionSimulator;
  url: string;
  /** The bearer token of its admin endpoints. */
  adminToken: string;
  close(): Promise<void>;
}

/**
 * The simulated home-region insurance system as its own server, its state under `dataDir`
 * (or in memory only, for tests that need no restart).
 */
export async function startHomeRegion(options: {
  dataDir?: string;
  port?: number;
  token?: string;
  /** The admin endpoints' bearer token (local/http-guard.ts); a random one when omitted. */
  adminToken?: string;
  simulator?: HomeRegionSimulator;
}): Promise<RunningHomeRegion> {
  const simulator = options.simulator ?? new HomeRegionSimulator();
  const disk = options.dataDir ? await keepOnDisk(simulator, options.dataDir) : undefined;
  const server = await startHomeRegionServer(simulator, {
    ...(options.port !== undefined && { port: options.port }),
    ...(options.token !== undefined && { token: options.token }),
    ...(options.adminToken !== undefined && { adminToken: options.adminToken }),
    ...(disk && { persist: disk.flush }),
  });
  return {
    simulator,
    url: server.url,
    adminToken: server.adminToken,
    close: async () => {
      await server.close();
      await disk?.stop();
    },
  };
}
