import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts the DynamoDB requests a client sends, by the function that sent them and by operation
 * (GetItem, TransactWriteItems ...), as an SDK middleware: what goes on the wire, retries
 * included, rather than what the code is thought to send. The local runtime runs each handler
 * inside `attributeRequestsTo(functionName, …)`; the demo reports requests per claim from these
 * counts (issue #17, bench/README.md).
 */

/** Requests by sender (a function name, or OUTSIDE_ANY_FUNCTION) and then by operation. */
export type RequestCounts = Record<string, Record<string, number>>;

export interface DynamoDbRequestCounter {
  counts(): RequestCounts;
}

/** The sender of requests made outside any handler: the execution journal, start-up, re-drive. */
export const OUTSIDE_ANY_FUNCTION = '(runtime)';

const sender = new AsyncLocalStorage<string>();

/** Runs `work` so that the DynamoDB requests it makes are counted under `functionName`. */
export const attributeRequestsTo = <T>(functionName: string, work: () => Promise<T>): Promise<T> =>
  sender.run(functionName, work);

// DynamoDB's JSON protocol names the operation in this header: `DynamoDB_20120810.GetItem`.
const TARGET_HEADER = 'x-amz-target';

export function countRequests(client: DynamoDBClient): DynamoDbRequestCounter {
  const counts: RequestCounts = {};
  // After the retry middleware (finalizeRequest, low priority), so each attempt is one request.
  client.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      const target = Object.entries(headers).find(([name]) => name.toLowerCase() === TARGET_HEADER)?.[1];
      const operation = target?.split('.').pop() ?? 'unknown';
      const byOperation = (counts[sender.getStore() ?? OUTSIDE_ANY_FUNCTION] ??= {});
      byOperation[operation] = (byOperation[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'crossclaimRequestCounter' },
  );
  return { counts: () => structuredClone(counts) };
}

/** The requests of `after` not yet in `before`, summed over the senders `include` accepts. */
export function requestsBetween(
  before: RequestCounts,
  after: RequestCounts,
  include: (sender: string) => boolean = () => true,
): Record<string, number> {
  const total: Record<string, number> = {};
  for (const [from, operations] of Object.entries(after)) {
    if (!include(from)) continue;
    for (const [operation, count] of Object.entries(operations)) {
      const sent = count - (before[from]?.[operation] ?? 0);
      if (sent > 0) total[operation] = (total[operation] ?? 0) + sent;
    }
  }
  return total;
}
