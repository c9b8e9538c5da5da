import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every item a Query matches, all pages: the SDK's paginator follows LastEvaluatedKey. */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  pageSize?: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const pages = paginateQuery({ client: db, ...(pageSize !== undefined && { pageSize }) }, input);
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}

/**
 * Every item of one partition whose sort key starts with a prefix, all pages, read
 * consistently: the single-table pattern's "the documents of this claim", "the tokens of this
 * execution".
 */
export function queryByPrefix(
  db: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  skPrefix: string,
): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ConsistentRead: true,
  });
}
