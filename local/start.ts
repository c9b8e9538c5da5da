import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isPortFree } from './dynamodb/free-port';
import {
  startSupervisedTree,
  type LocalPorts,
  type SupervisedTree,
  type SupervisionSettings,
} from './processes/supervised-tree';
import { EVENT_BUS_NAME } from './crossclaim-services';
import { OIDC_MOUNT } from './oidc/local-provider';
import { writeRuntimeMarker } from './runtime-marker';
import { loadProductionConfig, type ProductionOverrides } from './production-config';

export interface StartOptions {
  dataDir: string;
  seed: string;
  tableName: string;
  ports: LocalPorts;
  logLevel: string;
  /** The handlers' VISIT_SOURCE and OCR_ENGINE settings (their defaults if absent). */
  visitSource?: string;
  ocrEngine?: string;
  print: (line: string) => void;
  /** Restart backoff and crash-loop limits (local/processes/supervisor.ts has the defaults). */
  supervision?: SupervisionSettings;
  /**
   * development (the default): test accounts, `crossclaim token`, the simulated hospitals, bank
   * and home region. production: none of these; the outside systems are configured URLs.
   */
  mode?: 'development' | 'production';
  /** Production settings given on the command line, over `<dataDir>/production.json`'s. */
  production?: ProductionOverrides;
}

export const DEFAULT_PORTS = {
  api: 4100,
  sfn: 4101,
  bank: 4102,
  events: 4103,
  hospitals: 4104,
  homeRegion: 4105,
  dynamodb: 8000,
};

/** Which command-line option sets each port: named in the message when the port is taken. */
const PORT_OPTIONS: Record<keyof StartOptions['ports'], string> = {
  api: '--api-port',
  sfn: '--sfn-port',
  bank: '--bank-port',
  events: '--events-port',
  hospitals: '--hospitals-port',
  homeRegion: '--home-region-port',
  dynamodb: '--dynamodb-port',
};

export class PortInUseError extends Error {
  override readonly name = 'PortInUse';
}

/** The simulators' ports: production starts no simulator, so nothing listens on them. */
const SIMULATOR_PORTS: readonly (keyof StartOptions['ports'])[] = ['bank', 'hospitals', 'homeRegion'];

async function checkPorts(ports: StartOptions['ports'], mode: 'development' | 'production'): Promise<void> {
  for (const [name, port] of Object.entries(ports) as [keyof StartOptions['ports'], number][]) {
    if (mode === 'production' && SIMULATOR_PORTS.includes(name)) continue;
    if (!(await isPortFree(port))) {
      throw new PortInUseError(
        `port ${port} (${name}) is in use on 127.0.0.1: stop what holds it, or choose another with ${PORT_OPTIONS[name]} <port>`,
      );
    }
  }
}

/** A data folder made by an older version, or copied with loose modes: owner-only again. */
async function tightenModes(dataDir: string): Promise<void> {
  await chmod(dataDir, 0o700);
  for (const entry of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) await chmod(path, 0o700);
    else if (entry.isFile()) await chmod(path, 0o600);
  }
}

export interface StartedSystem {
  urls: Record<string, string>;
  readyMs: number;
  redriven: number;
  /** The supervised children: their current pids, restarts, and the end of a crash loop. */
  processes: SupervisedTree;
  stop(): Promise<void>;
}

/**
 * The embedded default, one process tree: DynamoDB Local (a JVM, data under dataDir), the
 * outside world (simulated hospitals, bank and home region, their state under dataDir; in
 * production mode none: the configured URLs of the real ones) and crossclaim itself
 * (the handlers, the state machine, the event bus, the API). Each part is a child process, so
 * crossclaim can be killed and restarted while the hospitals and the bank carry on, as they
 * would. Each child is supervised (local/processes/supervised-tree.ts): one that dies is started
 * again on the same ports and data; the crossclaim process re-drives its unfinished claims.
 */
export async function startSystem(options: StartOptions): Promise<StartedSystem> {
  const startedAt = Date.now();
  const dataDir = resolve(options.dataDir);
  const mode = options.mode ?? 'development';
  // Before anything starts or is written: a production start without its settings stops here.
  const production =
    mode === 'production' ? await loadProductionConfig(dataDir, options.production) : undefined;
  await checkPorts(options.ports, mode);
  // Claims, bank accounts and keys live here: only this user may read them. The children (the
  // JVM included) inherit the umask, so everything they make is 0600 / 0700 too.
  process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await tightenModes(dataDir);
  const processes = await startSupervisedTree({
    dataDir,
    mode,
    ...(production && { production }),
    seed: options.seed,
    tableName: options.tableName,
    ports: options.ports,
    logLevel: options.logLevel,
    ...(options.visitSource && { visitSource: options.visitSource }),
    ...(options.ocrEngine && { ocrEngine: options.ocrEngine }),
    eventBusName: EVENT_BUS_NAME,
    print: options.print,
    ...(options.supervision && { supervision: options.supervision }),
  });
  const { urls } = processes;
  await writeRuntimeMarker(dataDir, { mode, issuer: `${urls.api}${OIDC_MOUNT}` });
  return {
    urls: {
      api: urls.api,
      docs: `${urls.api}/docs`,
      openapi: `${urls.api}/openapi.json`,
      stepFunctions: urls.sfn,
      eventBridge: urls.events,
      hospitals: urls.hospitals,
      bank: urls.bank,
      homeRegion: urls.homeRegion,
      dynamodb: urls.dynamodb,
    },
    readyMs: Date.now() - startedAt,
    redriven: processes.redriven,
    processes,
    stop: () => processes.stop(),
  };
}
