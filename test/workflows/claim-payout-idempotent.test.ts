import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { setDependencies } from '../../functions/shared/dependencies';
import { loadHandler } from '../../local/claim-workflow';
import { createLambdaContext } from '../../local/stepfunctions/lambda-context';
import { jiaxingPolicy } from '../support/fixtures';
import { claimRequestFor, submitted, useClaimWorkflow, waitForStatus } from './support';

const context = () =>
  createLambdaContext({
    functionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:crossclaim-PayOut',
    functionName: 'crossclaim-PayOut',
    deadline: Date.now() + 60_000,
  });

describe('PayOut: a retried or concurrent payout pays once', () => {
  const wf = useClaimWorkflow();

  beforeAll(() => {
    // Every claim stops in review, so the test, not the workflow, decides when PayOut runs.
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([compilePolicy({ ...base, review: { benefitAboveFen: 0 } })]),
    });
  });

  it('invoked twice at once and once more later: one payout, one bank transfer, counted once in the year', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    const claim = await waitForStatus(rt, claimId, ['IN_REVIEW']);
    const benefit = (await rt.claims.latestAdjudication(claimId))!.result.benefitFen;
    const before = await rt.claims.accumulator(claim.insured.idNumberHash, 2026);

    const payOut = await loadHandler('PayOut');
    const concurrent = await Promise.allSettled([
      payOut({ claimId }, context()),
      payOut({ claimId }, context()),
    ]);
    // One invocation pays; the other either sees the payout or is told one is in progress
    // (Powertools idempotency), which the state machine would retry.
    expect(concurrent.some((r) => r.status === 'fulfilled')).toBe(true);
    const again = (await payOut({ claimId }, context())) as { amountFen: number };
    expect(again.amountFen).toBe(benefit);

    expect((await rt.claims.payout(claimId))?.amountFen).toBe(benefit);
    expect(rt.bank.ledger().filter((t) => t.idempotencyKey === claimId)).toHaveLength(1);
    const after = await rt.claims.accumulator(claim.insured.idNumberHash, 2026);
    expect(after.fundPaidFen.inpatient - before.fundPaidFen.inpatient).toBe(benefit);
    expect(after.version).toBe(before.version + 1);
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
  });

  it('a bank that fails once is retried by the state machine and paid once', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    const claim = await waitForStatus(rt, claimId, ['IN_REVIEW']);
    rt.bank.failNextInstructions(1);
    const received = rt.bank.instructionsReceived;
    await rt.sfn.sendTaskSuccess({
      taskToken: claim.taskToken!,
      output: JSON.stringify({ decision: 'approve' }),
    });
    expect(
      (
        await rt.sfn.waitForExecution(
          `${rt.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`,
        )
      ).status,
    ).toBe('SUCCEEDED');
    expect(rt.bank.instructionsReceived - received).toBe(2);
    expect(rt.bank.ledger().filter((t) => t.idempotencyKey === claimId)).toHaveLength(1);
    expect((await rt.claims.payout(claimId))?.bankReference).toBeTruthy();
  });

  it('Powertools idempotency runs on the raw input: a completed PayOut leaves its record, and a repeat answers from it', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    await waitForStatus(rt, claimId, ['IN_REVIEW']);
    const payOut = await loadHandler('PayOut');
    // The parser used to run first and hide `claimId` from it: no record was ever written.
    const idempotencyRecords = async () =>
      (
        await rt.dynamo.docClient.send(
          new QueryCommand({
            TableName: rt.tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': 'IDEMPOTENCY#pay-out' },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [];
    const before = new Set((await idempotencyRecords()).map((item) => String(item.SK)));
    const first = (await payOut({ claimId }, context())) as { amountFen: number; bankReference: string };
    const records = (await idempotencyRecords()).filter((item) => !before.has(String(item.SK)));
    expect(records).toHaveLength(1);
    expect(records[0]!.status).toBe('COMPLETED');
    expect(records[0]!.data).toEqual(first);

    // A repeat is answered from the record: the step's own work (the bank's instruction) is not run.
    const received = rt.bank.instructionsReceived;
    const reads = rt.dynamo.requests.counts();
    const again = (await payOut({ claimId }, context())) as typeof first;
    expect(again).toEqual(first);
    expect(rt.bank.instructionsReceived).toBe(received);
    const readsAfter = rt.dynamo.requests.counts();
    const sent = (counts: typeof reads, operation: string) =>
      Object.values(counts).reduce((sum, ops) => sum + (ops[operation] ?? 0), 0);
    const sentMeanwhile = (operation: string) => sent(readsAfter, operation) - sent(reads, operation);
    // The record's refused Put and its read only: no payout read, no transaction, no update. (Queries
    // are not counted: the runtime's drains run meanwhile.)
    expect(sentMeanwhile('PutItem')).toBe(1);
    expect(sentMeanwhile('GetItem')).toBeLessThanOrEqual(1);
    for (const operation of ['TransactGetItems', 'TransactWriteItems', 'UpdateItem'])
      expect(sentMeanwhile(operation), operation).toBe(0);
  });
});
