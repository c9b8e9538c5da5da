import {
  GetCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/**
 * The three request shapes a claim's steps send most (measured: GetItem 20.7, TransactWriteItems
 * 11.7 and UpdateItem 1.4 per claim before issue #17), each the size crossclaim sends: a case item
 * of ~2 KB, a conditional status update, and the case + audit entry + accumulator transaction.
 */
export type OperationName =
  'GetItem' | 'UpdateItem (conditional)' | 'TransactWriteItems (3 items)' | 'TransactGetItems (2 items)';

export const OPERATION_NAMES: readonly OperationName[] = [
  'GetItem',
  'UpdateItem (conditional)',
  'TransactWriteItems (3 items)',
  'TransactGetItems (2 items)',
];

/** Items preloaded for reads and updates; spread so concurrent updates rarely meet on one item. */
export const PRELOADED_ITEMS = 2_000;

const PADDING = 'x'.repeat(2_000);

export const caseItem = (n: number) => ({
  PK: `CLAIM#bench-${n}`,
  SK: 'CASE',
  status: 'SUBMITTED',
  version: 0,
  padding: PADDING,
});

export interface OperationContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** A fresh number for each call, so transactions never collide on their new items. */
  next: () => number;
}

const randomItem = () => Math.floor(Math.random() * PRELOADED_ITEMS);

export const operations: Record<OperationName, (context: OperationContext) => Promise<unknown>> = {
  GetItem: ({ doc, tableName }) =>
    doc.send(
      new GetCommand({ TableName: tableName, Key: { PK: `CLAIM#bench-${randomItem()}`, SK: 'CASE' } }),
    ),
  'UpdateItem (conditional)': ({ doc, tableName }) =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: `CLAIM#bench-${randomItem()}`, SK: 'CASE' },
        UpdateExpression: 'SET version = version + :one, #status = :status',
        ConditionExpression: 'attribute_exists(PK) AND #status <> :paid',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':status': 'VERIFYING', ':paid': 'PAID' },
      }),
    ),
  'TransactWriteItems (3 items)': ({ doc, tableName, next }) => {
    const n = next();
    return doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...caseItem(1_000_000 + n) },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { PK: `CLAIM#bench-${1_000_000 + n}`, SK: 'AUDIT#000001', hash: 'h'.repeat(64) },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: { PK: `INSURED#bench-${n % 500}`, SK: `ACC#2026-${n}` },
              UpdateExpression: 'ADD fundPaidFen :amount',
              ExpressionAttributeValues: { ':amount': 100 },
            },
          },
        ],
      }),
    );
  },
  // PayOut's read of the payout and the accumulator (2026-12-04): is a transactional read priced
  // like a transaction (a write's commit) or like two reads?
  'TransactGetItems (2 items)': ({ doc, tableName }) =>
    doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: tableName, Key: { PK: `CLAIM#bench-${randomItem()}`, SK: 'CASE' } } },
          { Get: { TableName: tableName, Key: { PK: `CLAIM#bench-${randomItem()}`, SK: 'CASE' } } },
        ],
      }),
    ),
};
