import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chaosChecks } from '../../../local/chaos/chaos-report';
import { runChaos } from '../../../local/chaos/run-chaos';
import { PortInUseError } from '../../../local/start';

const POLICY = fileURLToPath(new URL('../../../policies/jiaxing-employee-2026.json', import.meta.url));

/** A random base for the tree's six ports; startSystem refuses a taken one, and we try another. */
const randomPortBase = () => 20_000 + Math.floor(Math.random() * 40_000);

describe('chaos: every process of the tree SIGKILLed during a batch', () => {
  let dataDir: string | undefined;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'the supervisor restarts each one and the batch completes without a person, every check holding',
    { timeout: 900_000 },
    async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-chaos-test-'));
      const attempt = () =>
        runChaos({
          claims: 8,
          faults: 0.2,
          killsEach: 1,
          seed: 'chaos-test',
          dataDir,
          portBase: randomPortBase(),
          timeoutSeconds: 600,
          concurrency: 8,
          pollIntervalMs: 1000,
          policyPath: POLICY,
          showProgress: false,
          print: () => undefined,
        });
      let run;
      for (let tries = 1; ; tries += 1) {
        try {
          run = await attempt();
          break;
        } catch (error) {
          if (!(error instanceof PortInUseError) || tries === 5) throw error;
        }
      }
      // One SIGKILL of each: a new pid each time, back without anyone restarting it by hand.
      expect(run.kills.map((k) => k.process).sort()).toEqual(['crossclaim', 'dynamodb', 'world']);
      for (const kill of run.kills) expect(kill.recoveredMs, kill.process).toBeGreaterThan(0);
      expect(run.gaveUp).toBeUndefined();
      const failed = chaosChecks(run).filter((c) => !c.ok);
      expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
      // The checks are not vacuous: claims were paid, the tools looked at them.
      expect(run.demo.outcomes.filter((o) => o.last?.status === 'PAID').length).toBeGreaterThan(0);
      expect(run.tools.map((t) => t.name)).toEqual(['crossclaim audit verify --all', 'crossclaim reconcile']);
      expect(run.tools[0]?.output).toMatch(/\d+ claim\(s\) verified; every chain is intact/);
    },
  );
});
