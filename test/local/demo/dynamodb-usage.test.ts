import { describe, expect, it } from 'vitest';
import { ceilingShare, loadMeasuredCeiling, type MeasuredCeiling } from '../../../local/dynamodb/ceiling';
import { dynamoDbUsage, dynamoDbUsageLines } from '../../../local/demo/dynamodb-usage';

const ceiling: MeasuredCeiling = {
  measuredAt: '2026-12-03T00:00:00.000Z',
  command: 'npm run bench:dynamodb -- --save-reference',
  setting: 'test',
  opsPerSecond: { getItem: 500, conditionalWrite: 250, transaction3: 100 },
};

describe('demo: DynamoDB requests per claim and the share of the measured ceiling', () => {
  it('adds each operation’s rate over its own ceiling (the store serves one request at a time)', () => {
    // 250 GetItem/s of 500 is half the store; 50 transactions/s of 100 the other half.
    expect(ceilingShare({ GetItem: 2_500, TransactWriteItems: 500 }, 10, ceiling)).toBeCloseTo(1, 10);
    // A Query costs like a GetItem, a PutItem like a conditional write.
    expect(ceilingShare({ Query: 50, PutItem: 25 }, 1, ceiling)).toBeCloseTo(0.2, 10);
  });

  it('splits the workflow’s requests from those answering the demo’s GET reads', () => {
    const before = { 'crossclaim-PayOut': { TransactWriteItems: 3 } };
    const after = {
      'crossclaim-PayOut': { TransactWriteItems: 13, GetItem: 10 },
      'crossclaim-GetClaim': { GetItem: 20, Query: 10 },
      '(runtime)': { PutItem: 10 },
    };
    const usage = dynamoDbUsage(before, after, 10, 5);
    expect(usage.workflow).toEqual({ TransactWriteItems: 10, GetItem: 10, PutItem: 10 });
    expect(usage.demoReads).toEqual({ GetItem: 20, Query: 10 });
    const lines = dynamoDbUsageLines(usage).join('\n');
    expect(lines).toMatch(/workflow +3\.0 +TransactWriteItems 1\.0 · GetItem 1\.0 · PutItem 1\.0/);
    expect(lines).toMatch(/demo reads +3\.0 +GetItem 2\.0 · Query 1\.0/);
  });

  it('ships a measured ceiling that parses', () => {
    const shipped = loadMeasuredCeiling();
    expect(shipped.opsPerSecond.transaction3).toBeGreaterThan(0);
    expect(shipped.command).toContain('bench:dynamodb');
  });
});
