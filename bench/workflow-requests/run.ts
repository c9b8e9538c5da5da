import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  OUTSIDE_ANY_FUNCTION,
  attributeRequestsTo,
  type RequestCounts,
} from '../../adapters/dynamodb/request-counter';
import { submitEvent, waitForFinal } from '../../cli/commands/cost';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { claimRequestFor } from '../../local/hospitals/claim-request';
import { createLambdaContext } from '../../local/stepfunctions/lambda-context';
import { startLocalRuntime } from '../../local/runtime';

/**
 * DynamoDB requests per claim, by the function that sent them and by operation: N generated
 * claims (a fifth inpatient) through the local runtime in this process (the real definition,
 * handlers, DynamoDB Local on disk, the durable execution journal), submitted with a fixed
 * number in flight. The bench's own polling is counted apart ("(bench)") and left out of the
 * workflow's figure. Issue #17: where each step's requests go, before and after a change.
 *
 *   npm run bench:requests -- --claims 100 --concurrency 10
 */

const BENCH = '(bench)';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      claims: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '10' },
      // DynamoDB Local's port (0: a free one) and data folder (default: a new temporary one, on
      // disk as in `npm start`); --in-memory for -inMemory, as the tests run it.
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean', default: false },
    },
  });
  const claims = Number(values.claims);
  const concurrency = Number(values.concurrency);
  const dataDir = values['in-memory']
    ? undefined
    : (values['data-dir'] ?? (await mkdtemp(join(tmpdir(), 'crossclaim-requests-'))));
  const dynamo = await startDynamoDbLocal({ port: Number(values.port), dataDir });
  const rt = await startLocalRuntime({
    dynamoEndpoint: dynamo.endpoint,
    tableName: `crossclaim-requests-${randomBytes(4).toString('hex')}`,
    timeScale: 0.001,
    // The scheduled functions as in `npm start` (outboxes every 5 s, follow-ups every minute), not
    // at this bench's time scale (100 ms, 1 s): their scans are per tick, not per claim, and
    // scaled they were about 2 of the "runtime" row's Queries per claim.
    scheduleTimeScale: 1,
    logLevel: 'SILENT',
    seed: 'crossclaim-requests',
    durable: true,
  });
  try {
    const visits = Array.from({ length: claims }, (_, i) =>
      i % 5 === 4 ? rt.hospitals.generator.inpatient() : rt.hospitals.generator.outpatient(),
    );
    for (const visit of visits) rt.hospitals.simulator.addVisit(visit);
    const { handler: submit } = (await import('../../functions/submit-claim')) as unknown as {
      handler: (event: APIGatewayProxyEventV2, context: unknown) => Promise<{ body?: string }>;
    };
    const before = rt.dynamo.requests.counts();
    const started = performance.now();
    const outcomes: Record<string, number> = {};
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {
      for (let visit = visits[next++]; visit; visit = visits[next++]) {
        const t0 = performance.now();
        const response = await attributeRequestsTo('crossclaim-SubmitClaim', () =>
          submit(submitEvent(claimRequestFor(visit)), submitContext()),
        );
        const claimId = (JSON.parse(response.body ?? '{}') as { claimId?: string }).claimId;
        const status = claimId
          ? await attributeRequestsTo(BENCH, () => waitForFinal(rt, claimId, 120_000))
          : 'refused';
        latencies.push(performance.now() - t0);
        outcomes[status] = (outcomes[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await rt.settle();
    const seconds = (performance.now() - started) / 1000;
    const report = reportOf(before, rt.dynamo.requests.counts(), claims);
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN);
    console.log(
      `${claims} claims, ${concurrency} in flight, ${seconds.toFixed(1)} s: ${JSON.stringify(outcomes)}` +
        ` (DynamoDB Local ${dataDir ? 'on disk' : 'in memory'})`,
    );
    console.log(
      `claims/s ${(claims / seconds).toFixed(1)}; submit→final p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`,
    );
    console.log(
      `DynamoDB requests per claim: workflow ${report.workflowTotal.toFixed(1)} (bench polling apart)`,
    );
    for (const row of report.rows)
      console.log(`  ${row.sender.padEnd(34)} ${row.total.toFixed(2).padStart(6)}   ${row.operations}`);
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(
      new URL('./results/latest.json', import.meta.url),
      JSON.stringify(
        { claims, concurrency, onDisk: Boolean(dataDir), seconds, outcomes, ...report },
        null,
        2,
      ),
    );
  } finally {
    await rt.close();
    await dynamo.stop();
    if (dataDir && !values['data-dir']) await rm(dataDir, { recursive: true, force: true });
  }
}

function reportOf(before: RequestCounts, after: RequestCounts, claims: number) {
  const rows = Object.entries(after).map(([sender, operations]) => {
    const sent = Object.entries(operations)
      .map(([operation, n]) => [operation, (n - (before[sender]?.[operation] ?? 0)) / claims] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
    return {
      sender: sender === OUTSIDE_ANY_FUNCTION ? '(runtime: execution journal, re-drive)' : sender,
      total: sent.reduce((sum, [, n]) => sum + n, 0),
      operations: sent.map(([operation, n]) => `${operation} ${n.toFixed(2)}`).join(' · '),
      bench: sender === BENCH,
    };
  });
  const counted = rows.filter((r) => r.total > 0).sort((a, b) => b.total - a.total);
  return {
    workflowTotal: counted.filter((r) => !r.bench).reduce((sum, r) => sum + r.total, 0),
    rows: counted,
  };
}

const submitContext = () =>
  createLambdaContext({
    functionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:crossclaim-SubmitClaim',
    functionName: 'crossclaim-SubmitClaim',
    deadline: undefined,
  });

await main();
