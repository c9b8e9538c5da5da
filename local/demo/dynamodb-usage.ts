import { requestsBetween, type RequestCounts } from '../../adapters/dynamodb/request-counter';
import { API_ROUTE_LIST } from '../../functions/api-routes';
import { ceilingShare, loadMeasuredCeiling, type MeasuredCeiling } from '../dynamodb/ceiling';

/**
 * What the batch cost the store: DynamoDB requests per claim by operation, counted by the
 * crossclaim process's SDK middleware (adapters/dynamodb/request-counter.ts) between the
 * demo's first submission and the end of following, split into the workflow's own requests
 * and those answering the demo's reads (every GET route: the demo follows claims by reading).
 */

export interface DynamoDbUsage {
  claims: number;
  seconds: number;
  /** Step functions, hospital events, the clerk's decisions, submissions, the execution journal. */
  workflow: Record<string, number>;
  /** Behind the demo's GET /claims/{id} and GET /review-queue. */
  demoReads: Record<string, number>;
  ceiling?: MeasuredCeiling;
  /** Share of the measured ceiling that all requests of the run used (1 = saturated). */
  share?: number;
}

/** Local handlers run as `crossclaim-<FunctionName>` (local/api/api-server.ts). */
const READ_FUNCTIONS = new Set(
  API_ROUTE_LIST.filter((route) => route.method === 'GET').map((route) => `crossclaim-${route.functionName}`),
);

export function dynamoDbUsage(
  before: RequestCounts,
  after: RequestCounts,
  claims: number,
  seconds: number,
): DynamoDbUsage {
  const workflow = requestsBetween(before, after, (sender) => !READ_FUNCTIONS.has(sender));
  const demoReads = requestsBetween(before, after, (sender) => READ_FUNCTIONS.has(sender));
  let ceiling: MeasuredCeiling | undefined;
  try {
    ceiling = loadMeasuredCeiling();
  } catch {
    ceiling = undefined; // no measured reference: the share is not given rather than guessed
  }
  const all = requestsBetween(before, after);
  return {
    claims,
    seconds,
    workflow,
    demoReads,
    ...(ceiling && { ceiling, share: ceilingShare(all, seconds, ceiling) }),
  };
}

const total = (requests: Record<string, number>): number =>
  Object.values(requests).reduce((sum, n) => sum + n, 0);

const perClaim = (requests: Record<string, number>, claims: number): string =>
  Object.entries(requests)
    .sort((a, b) => b[1] - a[1])
    .map(([operation, n]) => `${operation} ${(n / claims).toFixed(1)}`)
    .join(' · ');

export function dynamoDbUsageLines(usage: DynamoDbUsage | undefined): string[] {
  if (!usage)
    return ['DynamoDB requests: not counted (the crossclaim process does not offer /local/stats/dynamodb)'];
  const { claims, workflow, demoReads } = usage;
  if (claims === 0) return ['DynamoDB requests: no claims submitted'];
  const lines = [
    `DynamoDB requests per claim (counted by an SDK middleware in the crossclaim process):`,
    `  workflow   ${(total(workflow) / claims).toFixed(1).padStart(5)}   ${perClaim(workflow, claims)}`,
    `  demo reads ${(total(demoReads) / claims).toFixed(1).padStart(5)}   ${perClaim(demoReads, claims)}`,
  ];
  if (usage.ceiling && usage.share !== undefined) {
    const c = usage.ceiling.opsPerSecond;
    lines.push(
      `  store load: ${(usage.share * 100).toFixed(0)}% of DynamoDB Local's measured ceiling over ${usage.seconds.toFixed(1)} s ` +
        `(${c.getItem} GetItem/s, ${c.conditionalWrite} conditional writes/s, ${c.transaction3} transactions/s; ` +
        `${usage.ceiling.setting}, measured ${usage.ceiling.measuredAt.slice(0, 10)}: bench/README.md)`,
    );
  }
  return lines;
}
