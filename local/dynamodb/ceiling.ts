import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * DynamoDB Local's measured ceiling on this kind of machine (`npm run bench:dynamodb --
 * --save-reference` writes it): operations per second for the request shapes crossclaim sends.
 * `npm run demo` compares its own load with it, so a run says how close it came to the store's
 * physical limit rather than only how fast it went (bench/README.md has the arithmetic).
 */
export const MEASURED_CEILING_FILE = new URL('./measured-ceiling.json', import.meta.url);

const MeasuredCeilingSchema = z.object({
  measuredAt: z.string(),
  command: z.string(),
  setting: z.string(),
  opsPerSecond: z.object({
    getItem: z.number().positive(),
    conditionalWrite: z.number().positive(),
    transaction3: z.number().positive(),
    /** A 2-item TransactGetItems; references saved before 2026-12-04 lack it (priced as transaction3). */
    transactGet2: z.number().positive().optional(),
  }),
});
export type MeasuredCeiling = z.infer<typeof MeasuredCeilingSchema>;

export const loadMeasuredCeiling = (): MeasuredCeiling =>
  MeasuredCeilingSchema.parse(JSON.parse(readFileSync(MEASURED_CEILING_FILE, 'utf8')));

/**
 * Which measured shape a DynamoDB operation costs like. Reads by key or a small Query cost like
 * a GetItem; single-item writes like a conditional UpdateItem; transactions (read or write) like
 * the 3-item transaction, which is what crossclaim's transactions mostly are. An approximation,
 * said where the share is printed.
 */
const SHAPE_OF: Record<string, Exclude<keyof MeasuredCeiling['opsPerSecond'], 'transactGet2'>> = {
  GetItem: 'getItem',
  Query: 'getItem',
  Scan: 'getItem',
  BatchGetItem: 'getItem',
  PutItem: 'conditionalWrite',
  UpdateItem: 'conditionalWrite',
  DeleteItem: 'conditionalWrite',
  BatchWriteItem: 'transaction3',
  TransactWriteItems: 'transaction3',
  TransactGetItems: 'transaction3',
};

/**
 * The share of the store's capacity a load used: each operation's rate over its ceiling, summed
 * (the store does one thing at a time per core, so each request takes 1/ceiling of its time).
 * 1 means the store was saturated; operations the bench did not measure (DescribeTable ...) count
 * as single-item writes.
 */
export function ceilingShare(
  requests: Record<string, number>,
  seconds: number,
  ceiling: MeasuredCeiling,
): number {
  let share = 0;
  for (const [operation, count] of Object.entries(requests)) {
    const measured =
      operation === 'TransactGetItems' && ceiling.opsPerSecond.transactGet2 !== undefined
        ? ceiling.opsPerSecond.transactGet2
        : ceiling.opsPerSecond[SHAPE_OF[operation] ?? 'conditionalWrite'];
    share += count / seconds / measured;
  }
  return share;
}
