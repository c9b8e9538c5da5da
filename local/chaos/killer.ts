import type { ProgressCounts } from '../demo/progress';
import type { ProcessName, SupervisedTree } from '../processes/supervised-tree';
import type { SupervisorEvent } from '../processes/supervisor';
import type { PlannedKill } from './kill-plan';

/** One SIGKILL and what followed: when the supervisor had the process back, ready. */
export interface KillRecord {
  process: ProcessName;
  pid: number;
  atMs: number;
  /** Share of the batch settled when it was killed; undefined: killed after the batch had settled. */
  settledShare?: number;
  /** Kill → the restarted process announced it was ready. */
  recoveredMs?: number;
}

/**
 * Carries out a kill plan against the supervised tree: SIGKILL (no chance to clean up), then
 * waits for the supervisor to bring the process back before the next kill, so each recovery is
 * measured on its own. Nothing here restarts anything: that is the supervisor's job, and what
 * the run tests.
 */
export class Killer {
  readonly records: KillRecord[] = [];
  private next = 0;
  private pending: { record: KillRecord; done: () => void } | undefined;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly tree: SupervisedTree,
    private readonly plan: readonly PlannedKill[],
    private readonly total: number,
  ) {
    tree.onEvent((event) => this.onSupervisorEvent(event));
  }

  /** Called with the batch's counts as they change; kills when the next planned share is reached. */
  onProgress(counts: ProgressCounts): void {
    const planned = this.plan[this.next];
    if (!planned || this.pending) return;
    const share = (counts.done + counts.inQueue) / this.total;
    if (share >= planned.atSettledShare) this.kill(planned.process, share);
  }

  /** Kills what the batch did not reach (it settled first), one after another, each recovered. */
  async finish(): Promise<void> {
    await this.idle;
    while (this.next < this.plan.length) {
      const planned = this.plan[this.next];
      if (!planned) break;
      this.kill(planned.process, undefined);
      await this.idle;
    }
  }

  note(): string {
    const recovered = this.records.filter((r) => r.recoveredMs !== undefined).length;
    const last = this.records.at(-1);
    const state = !last
      ? 'none yet'
      : last.recoveredMs === undefined
        ? `${last.process} down`
        : `${last.process} back in ${(last.recoveredMs / 1000).toFixed(1)} s`;
    return `kills ${this.records.length}/${this.plan.length} · recovered ${recovered} · ${state}`;
  }

  private kill(process: ProcessName, settledShare: number | undefined): void {
    this.next += 1;
    const pid = this.tree.pids()[process];
    // A production tree has no world: a plan for it is a mistake, not a kill of pid undefined.
    if (pid === undefined) throw new Error(`no ${process} process in this tree`);
    const record: KillRecord = {
      process,
      pid,
      atMs: Date.now(),
      ...(settledShare !== undefined && { settledShare }),
    };
    this.records.push(record);
    this.idle = new Promise<void>((resolve) => (this.pending = { record, done: resolve }));
    try {
      globalThis.process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone (it crashed by itself): the supervisor's restart still ends this kill.
    }
  }

  private onSupervisorEvent(event: SupervisorEvent): void {
    const pending = this.pending;
    if (!pending || event.name !== pending.record.process) return;
    if (event.kind === 'restarted') pending.record.recoveredMs = event.at - pending.record.atMs;
    if (event.kind === 'restarted' || event.kind === 'gave-up') {
      this.pending = undefined;
      pending.done();
    }
  }
}
