import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isPortFree } from './dynamodb/free-port';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/dynamodb-local';
import { startChild, type RunningChild } from './processes/child-process';
import {
  CROSSCLAIM_CONFIG_ENV,
  CROSSCLAIM_ENTRY,
  CROSSCLAIM_READY,
  WORLD_CONFIG_ENV,
  WORLD_ENTRY,
  WORLD_READY,
  type CrossclaimProcessConfig,
  type WorldProcessConfig,
} from './processes/process-configs';
import { EVENT_BUS_NAME } from './crossclaim-services';
import { OIDC_MOUNT } from './oidc/local-provider';
import { writeRuntimeMarker } from './runtime-marker';

export interface StartOptions {
  dataDir: string;
  seed: string;
  tableName: string;
  ports: { api: number; sfn: number; bank: number; events: number; hospitals: number; dynamodb: number };
  logLevel: string;
  print: (line: string) => void;
  /** development (the default): test accounts, `crossclaim token`; production: neither. */
  mode?: 'development' | 'production';
}

export const DEFAULT_PORTS = {
  api: 4100,
  sfn: 4101,
  bank: 4102,
  events: 4103,
  hospitals: 4104,
  dynamodb: 8000,
};

/** Which command-line option sets each port: named in the message when the port is taken. */
const PORT_OPTIONS: Record<keyof StartOptions['ports'], string> = {
  api: '--api-port',
  sfn: '--sfn-port',
  bank: '--bank-port',
  events: '--events-port',
  hospitals: '--hospitals-port',
  dynamodb: '--dynamodb-port',
};

export class PortInUseError extends Error {
  override readonly name = 'PortInUse';
}

async function checkPorts(ports: StartOptions['ports']): Promise<void> {
  for (const [name, port] of Object.entries(ports) as [keyof StartOptions['ports'], number][]) {
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
  stop(): Promise<void>;
}

/**
 * The embedded default, one process tree: DynamoDB Local (a JVM, data under dataDir), the
 * outside world (simulated hospitals and bank, their state under dataDir) and crossclaim itself
 * (the handlers, the state machine, the event bus, the API). Each part is a child process, so
 * crossclaim can be killed and restarted while the hospitals and the bank carry on, as they
 * would. The crossclaim process re-drives its unfinished claims when it starts.
 */
export async function startSystem(options: StartOptions): Promise<StartedSystem> {
  const startedAt = Date.now();
  const dataDir = resolve(options.dataDir);
  await checkPorts(options.ports);
  // Claims, bank accounts and keys live here: only this user may read them. The children (the
  // JVM included) inherit the umask, so everything they make is 0600 / 0700 too.
  process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await tightenModes(dataDir);

  const children: RunningChild[] = [];
  let dynamo: DynamoDbLocal | undefined;
  const stop = async () => {
    for (const child of children.reverse()) await child.stop();
    await dynamo?.stop();
  };
  try {
    dynamo = await startDynamoDbLocal({ port: options.ports.dynamodb, dataDir: join(dataDir, 'dynamodb') });
    const eventsUrl = `http://127.0.0.1:${options.ports.events}`;
    const worldConfig: WorldProcessConfig = {
      dataDir: join(dataDir, 'world'),
      seed: options.seed,
      eventsUrl,
      eventBusName: EVENT_BUS_NAME,
      region: 'cn-north-1',
      ports: { hospitals: options.ports.hospitals, bank: options.ports.bank },
    };
    const world = await startChild({
      entry: WORLD_ENTRY,
      label: 'world',
      readyTag: WORLD_READY,
      env: { [WORLD_CONFIG_ENV]: JSON.stringify(worldConfig) },
      output: options.print,
    });
    children.push(world);
    const crossclaimConfig: CrossclaimProcessConfig = {
      dataDir,
      dynamoEndpoint: dynamo.endpoint,
      tableName: options.tableName,
      seed: options.seed,
      worldDataDir: worldConfig.dataDir,
      mode: options.mode ?? 'development',
      hospitalsUrl: String(world.ready.hospitalsUrl),
      bankUrl: String(world.ready.bankUrl),
      ports: { api: options.ports.api, sfn: options.ports.sfn, events: options.ports.events },
      logLevel: options.logLevel,
    };
    const crossclaim = await startChild({
      entry: CROSSCLAIM_ENTRY,
      label: 'crossclaim',
      readyTag: CROSSCLAIM_READY,
      env: {
        [CROSSCLAIM_CONFIG_ENV]: JSON.stringify(crossclaimConfig),
        // Read once, when the handler modules load: they must be in the environment from the start.
        POWERTOOLS_LOG_LEVEL: options.logLevel,
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_TRACE_ENABLED: 'false',
      },
      output: options.print,
    });
    children.push(crossclaim);
    const apiUrl = String(crossclaim.ready.apiUrl);
    await writeRuntimeMarker(dataDir, {
      mode: options.mode ?? 'development',
      issuer: `${apiUrl}${OIDC_MOUNT}`,
    });
    return {
      urls: {
        api: apiUrl,
        docs: `${apiUrl}/docs`,
        openapi: `${apiUrl}/openapi.json`,
        stepFunctions: String(crossclaim.ready.sfnUrl),
        eventBridge: eventsUrl,
        hospitals: String(world.ready.hospitalsUrl),
        bank: String(world.ready.bankUrl),
        dynamodb: dynamo.endpoint,
      },
      readyMs: Date.now() - startedAt,
      redriven: Number(crossclaim.ready.redriven ?? 0),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
