import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the DynamoDB Local shared by the whole run. */
    dynamoEndpoint: string;
  }
}

// CROSSCLAIM_DEBUG_DYNAMODB=1 shows the JVM's output, for when startup itself is the problem.
const logger =
  process.env.CROSSCLAIM_DEBUG_DYNAMODB === undefined
    ? undefined
    : (message: string) => process.stderr.write(`${message}\n`);

/**
 * One DynamoDB Local (in memory) for the whole run: a JVM costs ~3 s and ~150-400 MB, so each
 * test file gets its own table in it (test/support/dynamodb.ts) rather than its own JVM.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ logger });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
