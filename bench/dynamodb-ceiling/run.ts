/**
 * DynamoDB Local's own ceiling on this machine: operations per second for the three request
 * shapes crossclaim's steps send, at concurrency 1, 8 and 32, on disk and in memory, with the
 * JVM as it starts by default and with a tuned heap and collector. The local throughput goal of
 * issue #17 is set against these numbers (bench/README.md).
 *
 *   npm run bench:dynamodb -- [--seconds 3] [--quick] [--save-reference]
 *
 * --save-reference writes the best on-disk figures (what `npm start` runs) to
 * local/dynamodb/measured-ceiling.json, which `npm run demo` compares its load with.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDynamoDbClients } from '../../adapters/dynamodb/clients';
import { createTableInput } from '../../adapters/dynamodb/table-definition';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { MEASURED_CEILING_FILE, type MeasuredCeiling } from '../../local/dynamodb/ceiling';
import { measure, type Measurement } from './measure';
import { OPERATION_NAMES, PRELOADED_ITEMS, caseItem, operations, type OperationName } from './operations';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
    'save-reference': { type: 'boolean', default: false },
    // Only what `npm start` runs (on disk, JVM defaults): a quarter of the time.
    'start-setting-only': { type: 'boolean', default: false },
    // DynamoDB Local's port (0: a free one).
    port: { type: 'string', default: '0' },
  },
});
const durationMs = Number(values.seconds) * 1000;
const CONCURRENCIES = values.quick ? [1, 8] : [1, 8, 32];

const ALL_JVM_PROFILES: Record<string, readonly string[]> = {
  'JVM defaults': [],
  'ParallelGC, 1 GB heap': ['-XX:+UseParallelGC', '-Xms1g', '-Xmx1g'],
};
const JVM_PROFILES = values['start-setting-only'] ? { 'JVM defaults': [] } : ALL_JVM_PROFILES;
const STORAGES = values['start-setting-only']
  ? (['on disk'] as const)
  : values.quick
    ? (['in memory'] as const)
    : (['on disk', 'in memory'] as const);

interface Row extends Measurement {
  storage: string;
  jvm: string;
  operation: OperationName;
}

const TABLE = 'ceiling';

async function preload(doc: ReturnType<typeof createDynamoDbClients>['docClient']) {
  for (let from = 0; from < PRELOADED_ITEMS; from += 25) {
    const items = Array.from({ length: 25 }, (_, i) => caseItem(from + i));
    await doc.send(
      new BatchWriteCommand({ RequestItems: { [TABLE]: items.map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
}

const rows: Row[] = [];
for (const storage of STORAGES) {
  for (const [jvm, jvmOptions] of Object.entries(JVM_PROFILES)) {
    const dataDir = storage === 'on disk' ? mkdtempSync(join(tmpdir(), 'ddb-ceiling-')) : undefined;
    const dynamo = await startDynamoDbLocal({ dataDir, jvmOptions, port: Number(values.port) });
    try {
      const { client, docClient } = createDynamoDbClients({
        endpoint: dynamo.endpoint,
        region: 'cn-north-1',
      });
      await client.send(new CreateTableCommand(createTableInput(TABLE)));
      await preload(docClient);
      let counter = 0;
      const context = { doc: docClient, tableName: TABLE, next: () => counter++ };
      for (const operation of OPERATION_NAMES) {
        for (const concurrency of CONCURRENCIES) {
          const result = await measure(operations[operation], context, {
            concurrency,
            warmupMs: 1000,
            durationMs,
          });
          rows.push({ storage, jvm, operation, ...result });
          process.stdout.write(
            `${storage.padEnd(9)} | ${jvm.padEnd(21)} | ${operation.padEnd(28)} | c=${String(concurrency).padStart(2)} | ` +
              `${result.opsPerSecond.toFixed(0).padStart(5)} ops/s | p50 ${result.p50Ms.toFixed(1)} ms | p95 ${result.p95Ms.toFixed(1)} ms` +
              `${result.errors ? ` | ${result.errors} errors` : ''}\n`,
          );
        }
      }
      client.destroy();
    } finally {
      await dynamo.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const summary = { measuredAt: new Date().toISOString(), cores: cpus().length, durationMs, rows };
writeFileSync(new URL('latest.json', resultsDir), `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`\nwritten to bench/dynamodb-ceiling/results/latest.json\n`);

if (values['save-reference']) {
  const onDisk = rows.filter((r) => r.storage === 'on disk' && r.jvm === 'JVM defaults');
  const best = (operation: OperationName) =>
    Math.round(Math.max(...onDisk.filter((r) => r.operation === operation).map((r) => r.opsPerSecond)));
  const reference: MeasuredCeiling = {
    measuredAt: summary.measuredAt,
    command: 'npm run bench:dynamodb -- --save-reference',
    setting: 'on disk, JVM defaults, best of concurrency 1/8/32',
    opsPerSecond: {
      getItem: best('GetItem'),
      conditionalWrite: best('UpdateItem (conditional)'),
      transaction3: best('TransactWriteItems (3 items)'),
      transactGet2: best('TransactGetItems (2 items)'),
    },
  };
  writeFileSync(MEASURED_CEILING_FILE, `${JSON.stringify(reference, null, 2)}\n`);
  process.stdout.write(`reference written to ${MEASURED_CEILING_FILE.pathname}\n`);
}
