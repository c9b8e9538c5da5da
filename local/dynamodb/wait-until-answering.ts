import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_INTERVAL_MS = 100;
const REQUEST_TIMEOUT_MS = 1_000;

/**
 * Polls ListTables until the endpoint answers: true once it does, false if `stop` is aborted first
 * (the JVM died, or the deadline passed). An open port is not enough, because Jetty accepts
 * connections a moment before DynamoDB Local can serve them; so we wait for a real answer.
 */
export const waitUntilAnswering = async (endpoint: string, stop: AbortSignal): Promise<boolean> => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // One attempt per poll: this loop is the retry, and the SDK's backoff would only slow it down.
    maxAttempts: 1,
  });
  try {
    while (!stop.aborted) {
      try {
        const abortSignal = AbortSignal.any([stop, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal });
        return true;
      } catch {
        await sleep(POLL_INTERVAL_MS, undefined, { signal: stop }).catch(() => undefined);
      }
    }
    return false;
  } finally {
    client.destroy();
  }
};
