import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Option, type Command } from 'commander';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ClaimStatus } from '../../domain/claim-status';
import { hashIdNumber } from '../../domain/identity';
import { FUNCTIONS, type FunctionName } from '../../functions/catalog';
import { FUNCTION_ACCESS } from '../../infra/function-access';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { eventBusUsage, resetEventBusUsage } from '../../local/eventbridge/local-bus';
import { createLambdaContext } from '../../local/stepfunctions/lambda-context';
import { lambdaUsage, resetLambdaUsage } from '../../local/stepfunctions/lambda-registry';
import { resetStateTransitionUsage, stateTransitionUsage } from '../../local/stepfunctions/runner';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { claimRequestFor } from '../../local/hospitals/claim-request';
import type { SubmitClaimRequest } from '../../domain/claim';

/**
 * `crossclaim cost`: runs a batch of claims through the local runtime (the real definition and
 * handlers, DynamoDB Local, the local bus), counts what AWS would bill (state transitions,
 * Lambda requests and GB-seconds, DynamoDB read/write request units, events, API requests),
 * and prices them per 1,000 claims with AWS list prices. docs/cost.md explains the model.
 */

/** AWS list prices, us-east-1, as read on the pricing pages in 2026-11 (docs/cost.md, sources). */
export const PRICES_USD = {
  region: 'us-east-1',
  asOf: '2026-11',
  stateTransition: 0.025 / 1000, // Step Functions Standard (confirmed on the pricing page)
  lambdaRequest: 0.2 / 1_000_000, // Lambda requests (not re-confirmed here)
  lambdaGbSecondArm: 0.0000133334, // Lambda arm64 duration, first tier (not re-confirmed here)
  dynamoWriteUnit: 0.625 / 1_000_000, // DynamoDB on-demand WRU, after the Nov-2024 cut
  dynamoReadUnit: 0.125 / 1_000_000, // DynamoDB on-demand RRU, after the Nov-2024 cut
  customEvent: 1.0 / 1_000_000, // EventBridge custom events (not re-confirmed here)
  httpApiRequest: 1.0 / 1_000_000, // API Gateway HTTP API, first 300M (not re-confirmed here)
  textractExpensePage: 0.01, // Textract AnalyzeExpense, first 1M pages (not re-confirmed here)
} as const;

export interface DynamoUsage {
  requests: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Responses without ConsumedCapacity (estimated from the request kind: 1 unit each). */
  estimated: number;
}

/** Counts each request and the capacity DynamoDB reports for it (asks for it; changes nothing else). */
export function countDynamoDbUsage(client: DynamoDBClient): DynamoUsage {
  const usage: DynamoUsage = { requests: {}, readUnits: 0, writeUnits: 0, estimated: 0 };
  const WRITES = /Put|Update|Delete|TransactWrite|BatchWrite/;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const input = args.input as Record<string, unknown>;
      if (!/Describe|CreateTable|ListTables/.test(command)) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      usage.requests[command] = (usage.requests[command] ?? 0) + 1;
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
        CapacityUnits?: number;
        ReadCapacityUnits?: number;
        WriteCapacityUnits?: number;
      }[];
      if (entries.length === 0) {
        if (/Describe|CreateTable|ListTables/.test(command)) return result;
        usage.estimated += 1;
        if (WRITES.test(command)) usage.writeUnits += 1;
        else usage.readUnits += 1;
        return result;
      }
      for (const entry of entries) {
        const read = entry.ReadCapacityUnits ?? 0;
        const write = entry.WriteCapacityUnits ?? 0;
        if (read || write) {
          usage.readUnits += read;
          usage.writeUnits += write;
        } else if (WRITES.test(command)) usage.writeUnits += entry.CapacityUnits ?? 0;
        else usage.readUnits += entry.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'crossclaimCostCounter' },
  );
  return usage;
}

export interface CostRun {
  claims: number;
  outcomes: Record<string, number>;
  wallSeconds: number;
  stateTransitions: number;
  stateRetries: number;
  lambda: { name: string; invocations: number; billedMs: number; memoryMb: number; gbSeconds: number }[];
  dynamo: DynamoUsage;
  events: number;
  apiRequests: number;
  ocrPages: number;
}

export interface CostLine {
  item: string;
  quantityPer1000: number;
  unit: string;
  usdPer1000: number;
}

export const FINAL: readonly ClaimStatus[] = ['PAID', 'REJECTED', 'IN_REVIEW', 'FAILED'];
const memoryOf = (name: FunctionName) => FUNCTION_ACCESS[name]?.memoryMb ?? 256;

/** POST /claims as the HTTP API would deliver it after its JWT authorizer. */
export function submitEvent(body: SubmitClaimRequest): APIGatewayProxyEventV2 {
  const claims = { sub: hashIdNumber(body.insured.idNumber), 'cognito:groups': '[citizen]' };
  return {
    version: '2.0',
    routeKey: 'POST /claims',
    rawPath: '/claims',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: {
        method: 'POST',
        path: '/claims',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'cost',
      },
      requestId: randomUUID(),
      routeKey: 'POST /claims',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { jwt: { claims, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2;
}

export async function waitForFinal(
  rt: LocalRuntime,
  claimId: string,
  timeoutMs: number,
): Promise<ClaimStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const claim = await rt.claims.find(claimId);
    if (claim && FINAL.includes(claim.status)) return claim.status;
    if (Date.now() > deadline) return claim?.status ?? 'SUBMITTED';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `claims` generated claims (a fifth of them inpatient) through the local runtime and counts. */
export async function runCostMeasurement(options: { claims: number; concurrency: number }): Promise<CostRun> {
  const dynamo = await startDynamoDbLocal();
  const rt = await startLocalRuntime({
    dynamoEndpoint: dynamo.endpoint,
    tableName: `crossclaim-cost-${randomBytes(4).toString('hex')}`,
    timeScale: 0.001,
    logLevel: 'SILENT',
    seed: 'crossclaim-cost',
  });
  try {
    const dynamoUsage = countDynamoDbUsage(rt.dynamo.client);
    resetLambdaUsage();
    resetStateTransitionUsage();
    resetEventBusUsage();
    const ingestBefore = rt.bus.counters('ingest-hospital-ebills').delivered;
    const { handler: submit } = (await import('../../functions/submit-claim')) as unknown as {
      handler: (
        event: APIGatewayProxyEventV2,
        context: unknown,
      ) => Promise<{ statusCode?: number; body?: string }>;
    };
    const visits = Array.from({ length: options.claims }, (_, i) =>
      i % 5 === 4 ? rt.hospitals.generator.inpatient() : rt.hospitals.generator.outpatient(),
    );
    for (const visit of visits) rt.hospitals.simulator.addVisit(visit);

    const started = performance.now();
    const outcomes: Record<string, number> = {};
    let submitMs = 0;
    let next = 0;
    const worker = async () => {
      while (next < visits.length) {
        const visit = visits[next++];
        if (!visit) break;
        const t0 = performance.now();
        const response = await submit(
          submitEvent(claimRequestFor(visit)),
          createLambdaContext({
            functionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:crossclaim-SubmitClaim',
            functionName: 'crossclaim-SubmitClaim',
            deadline: undefined,
          }),
        );
        submitMs += Math.ceil(performance.now() - t0);
        const claimId = (JSON.parse(response.body ?? '{}') as { claimId?: string }).claimId;
        const status = claimId ? await waitForFinal(rt, claimId, 120_000) : `HTTP ${response.statusCode}`;
        outcomes[status] = (outcomes[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await rt.settle();
    const wallSeconds = (performance.now() - started) / 1000;

    const lambda = [...lambdaUsage.entries()].map(([fullName, usage]) => {
      const name = fullName.replace(/^crossclaim-/, '') as FunctionName;
      const memoryMb = memoryOf(name);
      return { name, invocations: usage.invocations, billedMs: usage.billedMs, memoryMb, gbSeconds: 0 };
    });
    lambda.push({
      name: 'SubmitClaim',
      invocations: options.claims,
      billedMs: submitMs,
      memoryMb: memoryOf('SubmitClaim'),
      gbSeconds: 0,
    });
    // IngestEBill runs as a bus target (not through the Lambda stand-in): counted by deliveries,
    // at the mean duration of the step functions.
    const ingest = rt.bus.counters('ingest-hospital-ebills').delivered - ingestBefore;
    if (ingest > 0) {
      const steps =
        lambda.reduce((s, l) => s + l.billedMs, 0) /
        Math.max(
          1,
          lambda.reduce((s, l) => s + l.invocations, 0),
        );
      lambda.push({
        name: 'IngestEBill',
        invocations: ingest,
        billedMs: Math.ceil(steps * ingest),
        memoryMb: memoryOf('IngestEBill'),
        gbSeconds: 0,
      });
    }
    for (const l of lambda) l.gbSeconds = (l.billedMs / 1000) * (l.memoryMb / 1024);
    const ocrPages = 0; // the generated claims carry e-bills, no paper receipt images
    return {
      claims: options.claims,
      outcomes,
      wallSeconds,
      stateTransitions: stateTransitionUsage.transitions,
      stateRetries: stateTransitionUsage.retries,
      lambda: lambda.sort((a, b) => b.gbSeconds - a.gbSeconds),
      dynamo: dynamoUsage,
      events: eventBusUsage.acceptedEntries,
      apiRequests: options.claims,
      ocrPages,
    };
  } finally {
    await rt.close();
    await dynamo.stop();
  }
}

/** The bill per 1,000 claims, line by line, at PRICES_USD. */
export function priceRun(run: CostRun): CostLine[] {
  const per1000 = (n: number) => (n * 1000) / run.claims;
  const invocations = run.lambda.reduce((s, l) => s + l.invocations, 0);
  const gbSeconds = run.lambda.reduce((s, l) => s + l.gbSeconds, 0);
  const transitions = run.stateTransitions + run.stateRetries;
  const lines: Omit<CostLine, 'usdPer1000'>[] = [
    {
      item: 'Step Functions state transitions (incl. retries)',
      quantityPer1000: per1000(transitions),
      unit: 'transitions',
    },
    { item: 'Lambda requests', quantityPer1000: per1000(invocations), unit: 'requests' },
    { item: 'Lambda duration (arm64)', quantityPer1000: per1000(gbSeconds), unit: 'GB-s' },
    { item: 'DynamoDB write request units', quantityPer1000: per1000(run.dynamo.writeUnits), unit: 'WRU' },
    { item: 'DynamoDB read request units', quantityPer1000: per1000(run.dynamo.readUnits), unit: 'RRU' },
    { item: 'EventBridge custom events', quantityPer1000: per1000(run.events), unit: 'events' },
    { item: 'HTTP API requests (filing only)', quantityPer1000: per1000(run.apiRequests), unit: 'requests' },
    { item: 'OCR pages (Textract AnalyzeExpense)', quantityPer1000: per1000(run.ocrPages), unit: 'pages' },
  ];
  const unitPrice = [
    PRICES_USD.stateTransition,
    PRICES_USD.lambdaRequest,
    PRICES_USD.lambdaGbSecondArm,
    PRICES_USD.dynamoWriteUnit,
    PRICES_USD.dynamoReadUnit,
    PRICES_USD.customEvent,
    PRICES_USD.httpApiRequest,
    PRICES_USD.textractExpensePage,
  ];
  return lines.map((line, i) => ({ ...line, usdPer1000: line.quantityPer1000 * (unitPrice[i] ?? 0) }));
}

export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description(
      'Run generated claims through the local runtime, count what AWS would bill, price it per 1,000 claims',
    )
    .option('--claims <n>', 'how many claims to run', (v) => Number.parseInt(v, 10), 50)
    .option('--concurrency <n>', 'claims in flight at once', (v) => Number.parseInt(v, 10), 10)
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .action(async (options: { claims: number; concurrency: number; format: 'text' | 'json' }) => {
      if (!(options.claims > 0) || !(options.concurrency > 0)) {
        console.error('--claims and --concurrency must be positive integers');
        process.exit(2);
      }
      const run = await runCostMeasurement(options);
      const lines = priceRun(run);
      const total = lines.reduce((s, l) => s + l.usdPer1000, 0);
      if (options.format === 'json') {
        console.log(JSON.stringify({ prices: PRICES_USD, run, lines, totalUsdPer1000: total }, null, 2));
        return;
      }
      console.log(
        `${run.claims} claims in ${run.wallSeconds.toFixed(1)} s: ` +
          Object.entries(run.outcomes)
            .map(([status, n]) => `${n} ${status}`)
            .join(', '),
      );
      console.log(`Prices: AWS list prices, ${PRICES_USD.region}, ${PRICES_USD.asOf} (docs/cost.md)\n`);
      for (const line of lines) {
        console.log(
          `${line.item.padEnd(52)} ${line.quantityPer1000.toFixed(1).padStart(10)} ${line.unit.padEnd(12)} $${line.usdPer1000.toFixed(4)}`,
        );
      }
      console.log(`${'Total per 1,000 claims'.padEnd(76)} $${total.toFixed(4)}`);
      console.log('\nLambda by function (per claim):');
      for (const l of run.lambda) {
        console.log(
          `  ${l.name.padEnd(20)} ${(l.invocations / run.claims).toFixed(2).padStart(6)} inv  ${(l.billedMs / Math.max(1, l.invocations)).toFixed(0).padStart(5)} ms avg  ${l.memoryMb} MB`,
        );
      }
      console.log(
        `\nDynamoDB requests: ${Object.entries(run.dynamo.requests)
          .map(([c, n]) => `${c.replace('Command', '')} ${n}`)
          .join(
            ', ',
          )}${run.dynamo.estimated ? ` (${run.dynamo.estimated} without reported capacity, counted as 1 unit)` : ''}`,
      );
      const known = new Set(Object.keys(FUNCTIONS));
      const unknown = run.lambda.filter((l) => !known.has(l.name)).map((l) => l.name);
      if (unknown.length) console.log(`(not in functions/catalog.ts: ${unknown.join(', ')})`);
    });
}
