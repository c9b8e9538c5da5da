import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb';

const table = useTestTable('transactions');

// The shape of PayOut (DESIGN §1): the payout is written once, and the insured's annual
// accumulator moves only from the version the adjudication read. Both happen, or neither.
const accumulatorKey = { PK: 'INSURED#ins-1', SK: 'ACC#2026' };

const payOut = (claimId: string, expectedVersion: number) =>
  table.docClient.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table.tableName,
            Item: { PK: `PAYOUT#${claimId}`, SK: 'PAYOUT', amountFen: 12_345 },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Update: {
            TableName: table.tableName,
            Key: accumulatorKey,
            UpdateExpression: 'SET fundPaidFen = fundPaidFen + :amount, version = version + :one',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':amount': 12_345, ':one': 1, ':expected': expectedVersion },
          },
        },
      ],
    }),
  );

const get = async (key: { PK: string; SK: string }) =>
  (await table.docClient.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true })))
    .Item;

describe('TransactWriteItems in DynamoDB Local', () => {
  beforeEach(async () => {
    await table.docClient.send(
      new PutCommand({ TableName: table.tableName, Item: { ...accumulatorKey, fundPaidFen: 0, version: 4 } }),
    );
  });

  it('writes nothing when one condition fails: no payout without the accumulator moving', async () => {
    const failed: unknown = await payOut('c-stale', 3).catch((error: unknown) => error);

    expect(failed).toBeInstanceOf(TransactionCanceledException);
    expect(
      (failed as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code),
    ).toEqual(['None', 'ConditionalCheckFailed']);
    await expect(get({ PK: 'PAYOUT#c-stale', SK: 'PAYOUT' })).resolves.toBeUndefined();
    await expect(get(accumulatorKey)).resolves.toMatchObject({ fundPaidFen: 0, version: 4 });
  });

  it('writes everything when every condition holds, and only once', async () => {
    await payOut('c-fresh', 4);

    await expect(get({ PK: 'PAYOUT#c-fresh', SK: 'PAYOUT' })).resolves.toMatchObject({ amountFen: 12_345 });
    await expect(get(accumulatorKey)).resolves.toMatchObject({ fundPaidFen: 12_345, version: 5 });
    await expect(payOut('c-fresh', 5)).rejects.toBeInstanceOf(TransactionCanceledException);
    await expect(get(accumulatorKey)).resolves.toMatchObject({ fundPaidFen: 12_345, version: 5 });
  });
});
