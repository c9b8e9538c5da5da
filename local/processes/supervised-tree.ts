import { join } from 'node:path';
import { startDynamoDbLocal } from '../dynamodb/dynamodb-local';
import type { ProductionConfig } from '../production-config';
import { startChild, type RunningChild } from './child-process';
import {
  CROSSCLAIM_CONFIG_ENV,
  CROSSCLAIM_ENTRY,
  CROSSCLAIM_READY,
  WORLD_CONFIG_ENV,
  WORLD_ENTRY,
  WORLD_READY,
  type CrossclaimProcessConfig,
  type WorldProcessConfig,
} from './process-configs';
import {
  describeSupervisorEvent,
  supervise,
  type SupervisedProcess,
  type Supervisor,
  type SupervisorEvent,
  type SupervisorOptions,
} from './supervisor';

/**
 * The three children of `npm start`, each under a supervisor (production: two, no world: the
 * hospitals, bank and home region are the configured outside systems). A restarted child gets the same
 * ports and the same data folder, so the others keep talking to it at the same address: the
 * store's JVM reopens its SQLite files, the world reloads world.json (bills, ledger, outbox),
 * crossclaim re-drives what its journal records as unfinished.
 */

export type ProcessName = 'dynamodb' | 'world' | 'crossclaim';
export const PROCESS_NAMES: readonly ProcessName[] = ['dynamodb', 'world', 'crossclaim'];

export type SupervisionSettings = Pick<
  SupervisorOptions<SupervisedProcess>,
  'baseDelayMs' | 'maxDelayMs' | 'crashLimit' | 'crashWindowMs'
>;

/** The ports of the embedded default's services, one per service (0: picked at start). */
export interface LocalPorts {
  api: number;
  sfn: number;
  bank: number;
  events: number;
  hospitals: number;
  homeRegion: number;
  dynamodb: number;
}

export interface SupervisedTreeOptions {
  dataDir: string;
  seed: string;
  tableName: string;
  eventBusName: string;
  ports: LocalPorts;
  logLevel: string;
  /** The handlers' VISIT_SOURCE and OCR_ENGINE settings (their defaults if absent). */
  visitSource?: string;
  ocrEngine?: string;
  /** development: test accounts and `crossclaim token`; production: neither. */
  mode?: 'development' | 'production';
  /**
   * Production: the outside systems' URLs and hospital directory (local/production-config.ts).
   * Required in production, where no simulated world is started; ignored in development.
   */
  production?: ProductionConfig;
  print: (line: string) => void;
  supervision?: SupervisionSettings;
}

export interface SupervisedTree {
  urls: {
    api: string;
    sfn: string;
    events: string;
    hospitals: string;
    bank: string;
    homeRegion: string;
    dynamodb: string;
  };
  /** Unfinished claims the first crossclaim process resumed. */
  redriven: number;
  /** The current pid of each child (production has no world). */
  pids(): Partial<Record<ProcessName, number>>;
  /** Every crash and restart so far, in order. */
  events(): readonly SupervisorEvent[];
  onEvent(listener: (event: SupervisorEvent) => void): void;
  /** Resolves with the reason when a child is in a crash loop and no longer restarted. */
  gaveUp: Promise<string>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 300_000;

type Child = SupervisedProcess & { ready: Record<string, unknown> };

const asChild = (child: RunningChild): Child => ({
  pid: child.process.pid ?? -1,
  exited: child.exited,
  ready: child.ready,
  stop: () => child.stop(),
});

export async function startSupervisedTree(options: SupervisedTreeOptions): Promise<SupervisedTree> {
  const history: SupervisorEvent[] = [];
  const listeners: ((event: SupervisorEvent) => void)[] = [];
  const onEvent = (event: SupervisorEvent) => {
    history.push(event);
    options.print(describeSupervisorEvent(event));
    for (const listener of listeners) listener(event);
  };
  const supervisors: Supervisor<Child>[] = [];
  const stop = async () => {
    // crossclaim first, the store last: nothing is left writing to a store that is gone.
    for (const supervisor of [...supervisors].reverse()) await supervisor.stop();
  };
  const watch = (name: ProcessName, start: () => Promise<Child>) =>
    supervise<Child>({ name, start, onEvent, ...options.supervision });
  const mode = options.mode ?? 'development';
  if (mode === 'production' && !options.production)
    throw new Error('production mode needs the outside systems (local/production-config.ts)');

  try {
    const dynamo = await watch('dynamodb', async () => {
      const store = await startDynamoDbLocal({
        port: options.ports.dynamodb,
        dataDir: join(options.dataDir, 'dynamodb'),
        // About 3 s on an idle machine; a JVM started next to a busy batch may need far more.
        startupTimeoutMs: 120_000,
        logger: (line) => {
          if (line.includes('exited unexpectedly')) options.print(line);
        },
      });
      return { pid: store.pid, exited: store.exited, stop: store.stop, ready: { endpoint: store.endpoint } };
    });
    supervisors.push(dynamo);
    const dynamoEndpoint = String(dynamo.current().ready.endpoint);

    const outside =
      mode === 'production' && options.production
        ? configuredOutside(options.production)
        : await startSimulatedWorld(options, watch, supervisors);
    const { hospitalsUrl, bankUrl, homeRegionUrl } = outside;

    const crossclaimConfig: CrossclaimProcessConfig = {
      dataDir: options.dataDir,
      dynamoEndpoint,
      tableName: options.tableName,
      seed: options.seed,
      mode,
      hospitalsUrl,
      bankUrl,
      homeRegionUrl,
      ...outside.crossclaim,
      ports: { api: options.ports.api, sfn: options.ports.sfn, events: options.ports.events },
      logLevel: options.logLevel,
      ...(options.visitSource && { visitSource: options.visitSource }),
      ...(options.ocrEngine && { ocrEngine: options.ocrEngine }),
    };
    const crossclaim = await watch('crossclaim', async () =>
      asChild(
        await startChild({
          entry: CROSSCLAIM_ENTRY,
          label: 'crossclaim',
          readyTag: CROSSCLAIM_READY,
          // Ready means the unfinished claims are re-driven: after a kill mid-batch on a busy
          // machine that is minutes, not seconds. A start that hangs for good still ends here.
          timeoutMs: READY_TIMEOUT_MS,
          // The log level goes in the config: the crossclaim process hands it to the composition
          // root, which also switches the metrics off (no POWERTOOLS_* variables needed).
          env: { [CROSSCLAIM_CONFIG_ENV]: JSON.stringify(crossclaimConfig) },
          output: options.print,
        }),
      ),
    );
    supervisors.push(crossclaim);
    const ready = crossclaim.current().ready;
    crossclaimConfig.ports = {
      api: portOf(String(ready.apiUrl)),
      sfn: portOf(String(ready.sfnUrl)),
      events: portOf(String(ready.eventsUrl)),
    };

    return {
      urls: {
        api: String(ready.apiUrl),
        sfn: String(ready.sfnUrl),
        events: String(ready.eventsUrl),
        hospitals: hospitalsUrl,
        bank: bankUrl,
        homeRegion: homeRegionUrl,
        dynamodb: dynamoEndpoint,
      },
      redriven: Number(ready.redriven ?? 0),
      pids: () => ({
        dynamodb: dynamo.current().pid,
        ...(outside.world && { world: outside.world.current().pid }),
        crossclaim: crossclaim.current().pid,
      }),
      events: () => [...history],
      onEvent: (listener) => void listeners.push(listener),
      gaveUp: Promise.race(supervisors.map((supervisor) => supervisor.gaveUp)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const portOf = (url: string): number => Number(new URL(url).port);

interface OutsideSystems {
  hospitalsUrl: string;
  bankUrl: string;
  homeRegionUrl: string;
  /** The world child (development only). */
  world?: Supervisor<Child>;
  /** What the crossclaim process is told beyond the URLs. */
  crossclaim: Partial<CrossclaimProcessConfig>;
}

/** Production: the bureau's hospitals' gateway, bank and home region, as configured. */
function configuredOutside(config: ProductionConfig): OutsideSystems {
  return {
    hospitalsUrl: config.hospitalApiUrl,
    bankUrl: config.bankApiUrl,
    homeRegionUrl: config.homeRegionApiUrl,
    crossclaim: {
      ...(config.homeRegionClientToken !== undefined && {
        homeRegionClientToken: config.homeRegionClientToken,
      }),
      hospitalDirectory: config.hospitals.flatMap(({ keys, ...hospital }) =>
        keys.map((key) => ({ ...hospital, ...key })),
      ),
    },
  };
}

/** Development: the simulated hospitals, bank and home region, in their own supervised child. */
async function startSimulatedWorld(
  options: SupervisedTreeOptions,
  watch: (name: ProcessName, start: () => Promise<Child>) => Promise<Supervisor<Child>>,
  supervisors: Supervisor<Child>[],
): Promise<OutsideSystems> {
  const worldConfig: WorldProcessConfig = {
    dataDir: join(options.dataDir, 'world'),
    seed: options.seed,
    eventsUrl: `http://127.0.0.1:${options.ports.events}`,
    eventBusName: options.eventBusName,
    region: 'cn-north-1',
    ports: {
      hospitals: options.ports.hospitals,
      bank: options.ports.bank,
      homeRegion: options.ports.homeRegion,
    },
  };
  const world = await watch('world', async () =>
    asChild(
      await startChild({
        entry: WORLD_ENTRY,
        label: 'world',
        readyTag: WORLD_READY,
        timeoutMs: READY_TIMEOUT_MS,
        env: { [WORLD_CONFIG_ENV]: JSON.stringify(worldConfig) },
        output: options.print,
      }),
    ),
  );
  supervisors.push(world);
  const hospitalsUrl = String(world.current().ready.hospitalsUrl);
  const bankUrl = String(world.current().ready.bankUrl);
  const homeRegionUrl = String(world.current().ready.homeRegionUrl);
  // A port of 0 was picked by the first start; a restart must come back on the same one.
  worldConfig.ports = {
    hospitals: portOf(hospitalsUrl),
    bank: portOf(bankUrl),
    homeRegion: portOf(homeRegionUrl),
  };
  return { hospitalsUrl, bankUrl, homeRegionUrl, world, crossclaim: { worldDataDir: worldConfig.dataDir } };
}
