import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { ConfigError } from '../../functions/shared/config';
import { deps, setDependencies } from '../../functions/shared/dependencies';
import { startLocalRuntime } from '../../local/runtime';
import { jiaxingPolicy } from '../support/fixtures';
import { claimRequestFor, finished, submitted } from '../workflows/support';

/**
 * The local runtime hands the handlers their Config through the composition root
 * (functions/shared/dependencies.ts): it sets no environment variable, before, while or after
 * it runs, and the handlers still reach its table, its state machine and its bus.
 */
describe('the local runtime configures the handlers without process.env', () => {
  it('leaves process.env as it found it, and a claim still goes to PAID', async () => {
    const before = { ...process.env };
    const tableName = `crossclaim-env-${randomBytes(4).toString('hex')}`;
    const rt = await startLocalRuntime({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName,
      timeScale: 0.001,
      logLevel: 'SILENT',
    });
    try {
      expect({ ...process.env }).toEqual(before);
      // What the handlers read is this runtime's, not an environment's.
      expect(deps('tableName')).toBe(tableName);
      expect(deps('stateMachineArn')).toBe(rt.stateMachineArn);
      expect(deps('claims')).toBe(rt.claims);

      setDependencies({
        policies: new PolicyRegistry([
          compilePolicy({ ...jiaxingPolicy().source, review: { qualitySamplePct: 0 } }),
        ]),
      });
      const visit = rt.hospitals.generator.inpatient();
      rt.hospitals.simulator.addVisit(visit);
      const claimId = await submitted(claimRequestFor(visit));
      expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
      expect((await rt.claims.get(claimId)).status).toBe('PAID');
      expect({ ...process.env }).toEqual(before);
    } finally {
      await rt.close();
    }
    expect({ ...process.env }).toEqual(before);
  });

  it('refuses options that make a bad Config, naming the setting, and starts nothing', async () => {
    const before = { ...process.env };
    const start = startLocalRuntime({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `crossclaim-env-${randomBytes(4).toString('hex')}`,
      timeScale: 0.001,
      logLevel: 'LOUD',
    });

    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/logLevel \(POWERTOOLS_LOG_LEVEL\)/);
    expect({ ...process.env }).toEqual(before);
  });
});
