import { IdNumberSchema } from '../../domain/claim';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import type { ClaimCase } from '../../domain/claim';
import type { ClaimStatus } from '../../domain/claim-status';
import { createLambdaContext } from '../../local/stepfunctions/lambda-context';
import { executionArnOf } from '../../local/stepfunctions/arns';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { hashIdNumber } from '../../domain/identity';
import { apiEvent, citizenClaims } from '../support/api-events';
import { claimRequestFor } from '../../local/hospitals/claim-request';
import { enrolIfUnknown } from '../../local/home-region/world-population';
import type { AbuseLimits } from '../../domain/abuse-limits';
import { setDependencies } from '../../functions/shared/dependencies';

const UNLIMITED_FOR_TESTS: AbuseLimits = { perCitizenPerDay: { claims: 100_000, receiptImages: 100_000 } };

/**
 * The real claim workflow for a test file: the state machine definition from workflows/, every
 * step the real handler, DynamoDB Local (one per run, a table per file), the simulated
 * hospitals over HTTP and the bank simulator. Retry waits and callback timeouts run on a clock
 * a thousand times faster; Lambda task timeouts keep their real budget.
 */
export function useClaimWorkflow(
  options: { timeScale?: number; scheduleTimeScale?: number; abuseLimits?: AbuseLimits } = {},
): {
  readonly rt: LocalRuntime;
} {
  let runtime: LocalRuntime | undefined;
  beforeAll(async () => {
    runtime = current = await startLocalRuntime({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: `crossclaim-wf-${randomBytes(4).toString('hex')}`,
      timeScale: options.timeScale ?? 0.001,
      ...(options.scheduleTimeScale !== undefined && { scheduleTimeScale: options.scheduleTimeScale }),
      logLevel: process.env.CROSSCLAIM_TEST_LOG_LEVEL ?? 'SILENT',
    });
    // Tests file many claims for one person in a day (the annual cap under concurrency): the
    // daily quotas are tested on their own (test/local/api/quotas.test.ts).
    setDependencies({ abuseLimits: options.abuseLimits ?? UNLIMITED_FOR_TESTS });
  });
  afterAll(async () => {
    await runtime?.close();
  });
  return {
    get rt() {
      if (!runtime) throw new Error('the claim workflow is not started (used outside a test?)');
      return runtime;
    },
  };
}

export { claimRequestFor };

export interface SubmitResponse {
  statusCode: number;
  body: { claimId?: string; issues?: { path: string; message: string }[] };
}

/** The citizen a claim body is for: the one whose ID number it names (any citizen if it names none). */
function citizenFiling(body: unknown): ReturnType<typeof citizenClaims> {
  const idNumber = (body as { insured?: { idNumber?: unknown } } | undefined)?.insured?.idNumber;
  return citizenClaims(hashIdNumber(typeof idNumber === 'string' ? idNumber : '110101199001010000'));
}

/** The runtime of the test file (one per file): whose home region a claim's person is enrolled in. */
let current: LocalRuntime | undefined;

/**
 * POST /claims through the real submit-claim handler, as the citizen the claim is for. A
 * person the test world's home region does not know yet (a fixture's patient) gets the world's
 * default record first (local/home-region/world-population.ts), as generated patients do.
 */
export async function submitClaim(body: unknown): Promise<SubmitResponse> {
  const named = (body as { insured?: { idNumber?: unknown } } | undefined)?.insured?.idNumber;
  // Only a valid ID number is enrolled: a test of a bad one must reach the handler as it is.
  if (current && IdNumberSchema.safeParse(named).success && typeof named === 'string')
    enrolIfUnknown(current.homeRegion.simulator, { idNumber: named, idNumberHash: hashIdNumber(named) });
  const { handler } = await import('../../functions/submit-claim');
  const context = createLambdaContext({
    functionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:crossclaim-SubmitClaim',
    functionName: 'crossclaim-SubmitClaim',
    deadline: undefined,
  });
  const result = await handler(apiEvent('POST', '/claims', body, {}, citizenFiling(body)), context);
  return {
    statusCode: result.statusCode ?? 0,
    body: JSON.parse(result.body ?? '{}') as SubmitResponse['body'],
  };
}

export async function submitted(body: unknown): Promise<string> {
  const response = await submitClaim(body);
  if (response.statusCode !== 202 || !response.body.claimId) {
    throw new Error(`submit failed: ${response.statusCode} ${JSON.stringify(response.body)}`);
  }
  return response.body.claimId;
}

/** Polls the case until it is in one of `statuses` (a claim waiting for a token never "ends"). */
export async function waitForStatus(
  rt: LocalRuntime,
  claimId: string,
  statuses: readonly ClaimStatus[],
  timeoutMs = 20_000,
): Promise<ClaimCase> {
  const deadline = Date.now() + timeoutMs;
  let last: ClaimCase | undefined;
  while (Date.now() < deadline) {
    last = await rt.claims.find(claimId);
    if (last && statuses.includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`claim ${claimId} did not reach ${statuses.join('|')}; it is ${last?.status ?? 'missing'}`);
}

export function executionArn(rt: LocalRuntime, claimId: string): string {
  return executionArnOf(rt.stateMachineArn, claimId);
}

/** Waits for the claim's execution to end and returns its description. */
export function finished(rt: LocalRuntime, claimId: string) {
  return rt.sfn.waitForExecution(executionArn(rt, claimId));
}

/** Every item in the table: to prove that a refused input changed nothing. */
export async function tableSnapshot(rt: LocalRuntime): Promise<string[]> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await rt.dynamo.docClient.send(
      new ScanCommand({ TableName: rt.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) items.push(JSON.stringify(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}
