import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDeadLetters } from '../../cli/commands/dead-letter-sources';
import type { DeadLetter } from '../eventbridge/dead-letter-queue';
import { runDemo, type DemoRun } from '../demo/run-demo';
import { PROCESS_NAMES } from '../processes/supervised-tree';
import { startSystem, type StartOptions } from '../start';
import { planKills } from './kill-plan';
import { Killer, type KillRecord } from './killer';

/**
 * `crossclaim chaos`: the demo's batch (its generator, its clerk, its checks) through a process
 * tree of its own, on its own ports and data folder, while each process of the tree is killed
 * with SIGKILL K times and the supervisor brings it back. Then the same checks the demo makes,
 * `crossclaim audit verify --all` and `crossclaim reconcile` against what is left.
 */

export interface ChaosOptions {
  claims: number;
  faults: number;
  killsEach: number;
  seed: string;
  /** A fresh temporary folder when absent. */
  dataDir?: string;
  portBase: number;
  timeoutSeconds: number;
  concurrency: number;
  /** How often each unfinished claim is read: the reads are load on the system under test. */
  pollIntervalMs: number;
  policyPath: string;
  showProgress: boolean;
  print: (line: string) => void;
  signal?: AbortSignal;
}

export interface ToolCheck {
  name: string;
  ok: boolean;
  output: string;
}

export interface ChaosRun {
  options: ChaosOptions;
  dataDir: string;
  demo: DemoRun;
  kills: KillRecord[];
  plannedKills: number;
  /** Set when a process was in a crash loop and the supervisor gave up on it. */
  gaveUp?: string;
  tools: ToolCheck[];
  deadLetters: DeadLetter[];
  wallMs: number;
}

const CLI = fileURLToPath(new URL('../../cli/crossclaim.mjs', import.meta.url));
const TABLE = 'crossclaim';

export function chaosPorts(base: number): StartOptions['ports'] {
  return {
    api: base,
    sfn: base + 1,
    bank: base + 2,
    events: base + 3,
    hospitals: base + 4,
    dynamodb: base + 5,
    homeRegion: base + 6,
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosRun> {
  const startedAt = Date.now();
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'crossclaim-chaos-'))));
  await mkdir(dataDir, { recursive: true });
  // The children's own output (and the supervisor's lines) go to a file: the terminal has the bar.
  const log = createWriteStream(join(dataDir, 'chaos.log'), { flags: 'a' });
  const toLog = (line: string) => void log.write(`${new Date().toISOString()} ${line}\n`);
  options.print(`  data folder ${dataDir} (the tree's output: chaos.log there)`);
  const system = await startSystem({
    dataDir,
    seed: 'crossclaim-local',
    tableName: TABLE,
    ports: chaosPorts(options.portBase),
    logLevel: 'WARN',
    print: toLog,
  });
  const plan = planKills(options.seed, options.killsEach, PROCESS_NAMES);
  const killer = new Killer(system.processes, plan, options.claims);
  const stopDemo = new AbortController();
  let gaveUp: string | undefined;
  void system.processes.gaveUp.then((reason) => {
    gaveUp = reason;
    stopDemo.abort();
  });
  options.signal?.addEventListener('abort', () => stopDemo.abort());
  try {
    const demo = await runDemo({
      claims: options.claims,
      seed: options.seed,
      faults: options.faults,
      apiUrl: system.processes.urls.api,
      hospitalsUrl: system.processes.urls.hospitals,
      homeRegionUrl: system.processes.urls.homeRegion,
      bankUrl: system.processes.urls.bank,
      dataDir,
      timeoutSeconds: options.timeoutSeconds,
      concurrency: options.concurrency,
      pollIntervalMs: options.pollIntervalMs,
      policyPath: options.policyPath,
      print: options.print,
      showProgress: options.showProgress,
      signal: stopDemo.signal,
      progressNote: () => killer.note(),
      onProgress: (counts) => killer.onProgress(counts),
    });
    if (!gaveUp) await killer.finish();
    const tools = gaveUp ? [] : await runTools(system.processes.urls, dataDir);
    const deadLetters = gaveUp ? [] : await localDeadLetters(system.processes.urls.events).list(true);
    return {
      options,
      dataDir,
      demo,
      kills: killer.records,
      plannedKills: plan.length,
      ...(gaveUp && { gaveUp }),
      tools,
      deadLetters,
      wallMs: Date.now() - startedAt,
    };
  } finally {
    await system.stop();
    log.end();
  }
}

/** The operator's own tools, run as an operator would: the CLI, in its own process. */
async function runTools(urls: { dynamodb: string; bank: string }, dataDir: string): Promise<ToolCheck[]> {
  const store = ['--table', TABLE, '--dynamodb-endpoint', urls.dynamodb];
  return [
    // The chain is keyed with the data folder's audit key (adapters/audit-key.ts).
    await runCli('crossclaim audit verify --all', [
      'audit',
      'verify',
      '--all',
      ...store,
      '--data-dir',
      dataDir,
    ]),
    await runCli('crossclaim reconcile', ['reconcile', ...store, '--bank-url', urls.bank]),
  ];
}

function runCli(name: string, args: string[]): Promise<ToolCheck> {
  return new Promise((resolveCheck) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolveCheck({ name, ok: code === 0, output }));
  });
}
