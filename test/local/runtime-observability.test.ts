import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// As `npm start` was before the composition root: the handlers' logger and metrics were built
// (when their modules loaded) while the environment still said INFO and metrics on, and the
// runtime's WARN came too late. Set here, before any import builds them.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.CROSSCLAIM_TEST_LOG_LEVEL = 'WARN';
});

import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { setDependencies } from '../../functions/shared/dependencies';
import { configureObservability } from '../../functions/shared/observability';
import { jiaxingPolicy } from '../support/fixtures';
import { claimRequestFor, finished, submitted, useClaimWorkflow } from '../workflows/support';

/** Every line the handlers write to stdout and stderr while `run` runs. */
async function linesWrittenBy(run: () => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const capture = (stream: NodeJS.WriteStream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  const spies = [capture(process.stdout), capture(process.stderr)];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written.join('').split('\n').filter(Boolean);
}

const isLevel = (level: string) => (line: string) => line.includes(`"level":"${level}"`);
const isMetricLine = (line: string) => line.includes('"_aws"') && line.includes('CloudWatchMetrics');

describe('the local runtime’s log level and metrics switch come from its Config', () => {
  const wf = useClaimWorkflow();

  beforeAll(() => {
    setDependencies({
      policies: new PolicyRegistry([
        compilePolicy({ ...jiaxingPolicy().source, review: { qualitySamplePct: 0 } }),
      ]),
    });
  });
  afterAll(() => {
    delete process.env.CROSSCLAIM_TEST_LOG_LEVEL;
  });

  async function payTwoClaims(): Promise<void> {
    const { rt } = wf;
    // Two claims, so every handler runs warm once too (Powertools resets its level per invocation).
    for (let i = 0; i < 2; i++) {
      const visit = rt.hospitals.generator.inpatient();
      rt.hospitals.simulator.addVisit(visit);
      const claimId = await submitted(claimRequestFor(visit));
      expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    }
  }

  it('WARN and no metrics: no INFO line and no EMF line, on the first invocation or later ones', async () => {
    const lines = await linesWrittenBy(payTwoClaims);

    expect(lines.filter(isLevel('INFO'))).toEqual([]);
    expect(lines.filter(isMetricLine)).toEqual([]);
  });

  it('the same handlers write INFO and EMF lines once the Config asks for them (the capture sees them)', async () => {
    configureObservability({ logLevel: 'INFO', metrics: true });
    try {
      const lines = await linesWrittenBy(payTwoClaims);

      expect(lines.filter((line) => isLevel('INFO')(line) && line.includes('claim submitted'))).toHaveLength(
        2,
      );
      expect(lines.filter((line) => isMetricLine(line) && line.includes('ClaimsPaid'))).toHaveLength(2);
    } finally {
      configureObservability({ logLevel: 'WARN', metrics: false });
    }
  });
});
