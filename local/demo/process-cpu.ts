import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of `npm start`'s processes, read from Linux's /proc: what each part of the system costs
 * a claim, and so what two cores allow (bench/README.md, "Local runtime"). The store's own ceiling
 * (bench:dynamodb) is measured with the JVM alone on the machine; in a run it shares the cores
 * with everything else, and these figures say with how much.
 */

/** Linux reports utime and stime in clock ticks of USER_HZ, 100 on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

export type CpuByPart = Record<string, number>;

/** The demo's own process, the load generator (its tokens, requests and checks). */
export const DEMO_PART = 'the demo itself';

/** What a process of the tree is, by its command line. */
export function partOf(commandLine: string, isRoot: boolean): string {
  if (isRoot) return 'npm start (supervisor)';
  if (commandLine.includes('DynamoDBLocal')) return 'DynamoDB Local (JVM)';
  if (commandLine.includes('namespace-relay')) return 'DynamoDB Local relay';
  if (commandLine.includes('crossclaim-main')) return 'crossclaim (API, workflow, handlers)';
  if (commandLine.includes('world-main')) return 'hospitals, bank, home region (simulated)';
  return 'other';
}

interface ProcessStat {
  pid: number;
  parent: number;
  cpuSeconds: number;
}

/** /proc/<pid>/stat: the fields after the command (which may hold spaces) in parentheses. */
export function parseStat(pid: number, stat: string): ProcessStat | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [parent, utime, stime] = [fields[1], fields[11], fields[12]].map(Number);
  if (parent === undefined || utime === undefined || stime === undefined) return undefined;
  if (![parent, utime, stime].every(Number.isFinite)) return undefined;
  return { pid, parent, cpuSeconds: (utime + stime) / TICKS_PER_SECOND };
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // ended meanwhile, or not Linux
  }
};

/**
 * CPU seconds used so far by `rootPid` and every process below it, summed by part. Undefined
 * where there is no /proc (not Linux) or no such process. A process that ended (a supervised
 * child restarted) takes its seconds with it: the figures are then a floor.
 */
export function processTreeCpu(rootPid: number): CpuByPart | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcessStat>();
  for (const name of names) {
    const stat = read(`/proc/${name}/stat`);
    const parsed = stat === undefined ? undefined : parseStat(Number(name), stat);
    if (parsed) stats.set(parsed.pid, parsed);
  }
  if (!stats.has(rootPid)) return undefined;
  const children = new Map<number, number[]>();
  for (const stat of stats.values())
    children.set(stat.parent, [...(children.get(stat.parent) ?? []), stat.pid]);
  const byPart: CpuByPart = {};
  const visit = (pid: number) => {
    const stat = stats.get(pid);
    if (!stat) return;
    const commandLine = (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ');
    const part = partOf(commandLine, pid === rootPid);
    byPart[part] = (byPart[part] ?? 0) + stat.cpuSeconds;
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return byPart;
}

/** CPU seconds each part used between two readings. */
export function cpuBetween(before: CpuByPart, after: CpuByPart): CpuByPart {
  return Object.fromEntries(
    Object.entries(after).map(([part, seconds]) => [part, Math.max(0, seconds - (before[part] ?? 0))]),
  );
}

/**
 * CPU per claim by part, the largest first, and the claims per second the machine's cores allow
 * at that cost (every core busy with nothing else).
 */
export function cpuLines(cpu: { claims: number; byPart: CpuByPart } | undefined, cores: number): string[] {
  if (!cpu || cpu.claims === 0) return [];
  const msPerClaim = Object.entries(cpu.byPart)
    .map(([part, seconds]) => [part, (seconds * 1000) / cpu.claims] as const)
    .filter(([, ms]) => ms >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  const total = msPerClaim.reduce((sum, [, ms]) => sum + ms, 0);
  if (total === 0) return [];
  return [
    `CPU per claim (from /proc, every process of npm start and the demo): ${total.toFixed(0)} ms; ` +
      `${cores} cores allow ≈ ${((cores * 1000) / total).toFixed(1)} claims/s at this cost`,
    `  ${msPerClaim.map(([part, ms]) => `${part} ${ms.toFixed(1)} ms`).join(' · ')}`,
  ];
}
