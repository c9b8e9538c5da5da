import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStepFunctions } from '../../../local/stepfunctions/runner';
import {
  aslFixture,
  fastStepFunctions,
  functionArn,
  json,
  parsedOutput,
  substitutionsFor,
  validateFixtures,
} from './helpers';

class HospitalUnavailableError extends Error {
  override name = 'HospitalUnavailableError';
}

/** A FetchDocuments handler that fails `failures` times, then returns the documents. */
function flakyFetch(failures: number) {
  const attempts: number[] = [];
  const handler = async () => {
    attempts.push(performance.now());
    if (attempts.length <= failures)
      throw new HospitalUnavailableError(`hospital 5xx, attempt ${attempts.length}`);
    return { ebills: ['EB-1'] };
  };
  return { handler, attempts };
}

function gapsBetween(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] ?? time));
}

describe('local Step Functions: Retry and Catch', () => {
  let sfn: LocalStepFunctions;
  beforeAll(() => validateFixtures({ retry: ['FetchDocuments'], 'retry-full-jitter': ['FetchDocuments'] }));
  afterEach(() => sfn.shutdown());

  async function runFetch(handler: () => Promise<unknown>, fixture = 'retry') {
    sfn.registerLambda(functionArn('FetchDocuments'), handler);
    const { stateMachineArn } = sfn.createStateMachine({
      name: fixture,
      definition: aslFixture(fixture),
      substitutions: substitutionsFor('FetchDocuments'),
    });
    const { executionArn } = await sfn.startExecution({ stateMachineArn, input: json({ claimId: 'C-9' }) });
    return sfn.waitForExecution(executionArn);
  }

  async function runFetchesConcurrently(fetches: { handler: () => Promise<unknown> }[], fixture: string) {
    // One function, many claims: each execution's calls go to that claim's flaky fetch.
    sfn.registerLambda(functionArn('FetchDocuments'), async (event: { claim: number }) =>
      fetches[event.claim]?.handler(),
    );
    const { stateMachineArn } = sfn.createStateMachine({
      name: fixture,
      definition: aslFixture(fixture),
      substitutions: substitutionsFor('FetchDocuments'),
    });
    const started = await Promise.all(
      fetches.map((_, claim) => sfn.startExecution({ stateMachineArn, input: json({ claim }) })),
    );
    return Promise.all(started.map(({ executionArn }) => sfn.waitForExecution(executionArn)));
  }

  it('succeeds on the third attempt after two named failures', async () => {
    sfn = fastStepFunctions();
    const fetch = flakyFetch(2);
    const execution = await runFetch(fetch.handler);

    expect(fetch.attempts).toHaveLength(3);
    expect(execution.status).toBe('SUCCEEDED');
    expect(parsedOutput(execution)).toEqual({ claimId: 'C-9', documents: { ebills: ['EB-1'] } });
  });

  it('goes to Catch once retries are exhausted, the error recorded at its ResultPath', async () => {
    sfn = fastStepFunctions();
    const fetch = flakyFetch(Infinity);
    const execution = await runFetch(fetch.handler);

    expect(fetch.attempts).toHaveLength(3); // the first try and MaxAttempts 2
    expect(execution.status).toBe('SUCCEEDED');
    const output = parsedOutput(execution) as { route: string; fetchError: { Error: string; Cause: string } };
    expect(output.route).toBe('clerk');
    expect(output.fetchError.Error).toBe('HospitalUnavailableError');
    expect(JSON.parse(output.fetchError.Cause)).toMatchObject({
      errorType: 'HospitalUnavailableError',
      errorMessage: 'hospital 5xx, attempt 3',
    });
  });

  it('does not retry other errors, and a Catch on States.ALL still shows their real name and message', async () => {
    sfn = fastStepFunctions();
    let attempts = 0;
    const execution = await runFetch(async () => {
      attempts += 1;
      const missing: { ebills?: string[] } = {};
      return missing.ebills?.length ?? (null as unknown as { length: number }).length;
    });

    expect(attempts).toBe(1);
    const output = parsedOutput(execution) as { fetchError: { Error: string; Cause: string } };
    expect(output.fetchError.Error).toBe('TypeError');
    expect(JSON.parse(output.fetchError.Cause).errorMessage).toContain('Cannot read properties of null');
  });

  it('waits IntervalSeconds, then IntervalSeconds x BackoffRate, on the scaled clock', async () => {
    sfn = fastStepFunctions({ timeScale: 0.1 }); // 1 s → 100 ms, then 2 s → 200 ms
    const fetch = flakyFetch(2);
    await runFetch(fetch.handler);

    // Lower bounds are exact (a timer never fires early); upper ones only show the clock is scaled.
    const [first, second] = gapsBetween(fetch.attempts);
    expect(first).toBeGreaterThanOrEqual(95);
    expect(first).toBeLessThan(1000);
    expect(second).toBeGreaterThanOrEqual(195);
    expect(second).toBeLessThan(2000);
  });

  it('with JitterStrategy FULL waits a random time up to the backoff interval', async () => {
    sfn = fastStepFunctions({ timeScale: 0.02 }); // caps: 2 s → 40 ms, then 6 s → 120 ms
    const fetches = Array.from({ length: 5 }, () => flakyFetch(2));
    const executions = await runFetchesConcurrently(fetches, 'retry-full-jitter');

    expect(executions.map((execution) => execution.status)).toEqual(Array(5).fill('SUCCEEDED'));
    const gaps = fetches.map((fetch) => gapsBetween(fetch.attempts));
    // Unscaled, the waits would be up to 2 s and 6 s.
    for (const gap of gaps.flat()) expect(gap).toBeLessThan(1000);
    // Without jitter every wait would be at least the full interval; by chance all ten in
    // the top tenth of [0, cap] is a 1e-10 event.
    const caps = [40, 120];
    const shortWaits = gaps.flatMap((pair) => pair.filter((gap, index) => gap < 0.9 * (caps[index] ?? 0)));
    expect(shortWaits.length).toBeGreaterThan(0);
  });
});
