import { describe, expect, it } from 'vitest';
import { Killer } from '../../../local/chaos/killer';
import { planKills } from '../../../local/chaos/kill-plan';
import type { ProgressCounts } from '../../../local/demo/progress';
import type { ProcessName, SupervisedTree } from '../../../local/processes/supervised-tree';
import type { SupervisorEvent } from '../../../local/processes/supervisor';
import { PROCESS_NAMES } from '../../../local/processes/supervised-tree';

const counts = (settled: number): ProgressCounts => ({
  done: settled,
  submitted: 100,
  paid: settled,
  rejected: 0,
  inQueue: 0,
  waitingForBill: 0,
});

describe('chaos kill plan', () => {
  it('kills each process K times, inside the batch, in order, the same for the same seed', () => {
    const plan = planKills('s1', 3, PROCESS_NAMES);
    expect(plan).toHaveLength(9);
    for (const name of PROCESS_NAMES) expect(plan.filter((k) => k.process === name)).toHaveLength(3);
    for (const kill of plan) {
      expect(kill.atSettledShare).toBeGreaterThanOrEqual(0.05);
      expect(kill.atSettledShare).toBeLessThanOrEqual(0.85);
    }
    expect(plan.map((k) => k.atSettledShare)).toEqual(
      [...plan.map((k) => k.atSettledShare)].sort((a, b) => a - b),
    );
    expect(planKills('s1', 3, PROCESS_NAMES)).toEqual(plan);
    expect(planKills('s2', 3, PROCESS_NAMES)).not.toEqual(plan);
    expect(planKills('s1', 0, PROCESS_NAMES)).toEqual([]);
  });
});

describe('chaos killer', () => {
  /** A tree whose pids are above pid_max (no such process can exist); restarts are announced by hand. */
  function fakeTree() {
    const listeners: ((event: SupervisorEvent) => void)[] = [];
    const pids: Record<ProcessName, number> = {
      dynamodb: 1 << 22,
      world: (1 << 22) + 1,
      crossclaim: (1 << 22) + 2,
    };
    const tree = {
      pids: () => pids,
      onEvent: (listener: (event: SupervisorEvent) => void) => void listeners.push(listener),
    } as unknown as SupervisedTree;
    const emit = (event: SupervisorEvent) => listeners.forEach((l) => l(event));
    return { tree, emit };
  }

  it('kills at the planned share, waits for the recovery before the next kill, and times it', async () => {
    const { tree, emit } = fakeTree();
    const killer = new Killer(
      tree,
      [
        { process: 'world', atSettledShare: 0.1 },
        { process: 'dynamodb', atSettledShare: 0.2 },
      ],
      100,
    );
    killer.onProgress(counts(5));
    expect(killer.records).toHaveLength(0);
    killer.onProgress(counts(30));
    expect(killer.records.map((r) => r.process)).toEqual(['world']);
    // The next kill is due, but the world is not back yet.
    killer.onProgress(counts(40));
    expect(killer.records).toHaveLength(1);
    expect(killer.note()).toContain('world down');
    const killedAt = killer.records[0]!.atMs;
    emit({ kind: 'restarted', name: 'world', pid: 9, downMs: 1, at: killedAt + 2500 });
    expect(killer.records[0]!.recoveredMs).toBe(2500);
    killer.onProgress(counts(40));
    expect(killer.records.map((r) => r.process)).toEqual(['world', 'dynamodb']);
    expect(killer.records[1]!.settledShare).toBe(0.4);
    emit({ kind: 'restarted', name: 'dynamodb', pid: 10, downMs: 1, at: Date.now() });
    await killer.finish();
    expect(killer.note()).toMatch(/^kills 2\/2 · recovered 2/);
  });

  it('kills what the batch did not reach after it settled, and says so', async () => {
    const { tree, emit } = fakeTree();
    const killer = new Killer(tree, [{ process: 'crossclaim', atSettledShare: 0.8 }], 100);
    killer.onProgress(counts(50));
    const finishing = killer.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(killer.records).toHaveLength(1);
    expect(killer.records[0]!.settledShare).toBeUndefined();
    emit({ kind: 'restarted', name: 'crossclaim', pid: 11, downMs: 1, at: Date.now() });
    await finishing;
    expect(killer.records[0]!.recoveredMs).toBeGreaterThanOrEqual(0);
  });
});
