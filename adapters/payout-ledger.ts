import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CareTypeSchema, FenSchema } from '../domain/schema-primitives';
import type { PayoutRecord } from './claim-store';

/**
 * Every payout record in the claims table (keys.payout: PK `PAYOUT#<claimId>`, SK `PAYOUT` or
 * `PAYOUT#APPEAL#<n>` for an appeal's difference),
 * for reconciliation against the bank's ledger.
 *
 * Each payout is its own partition, so no Query can list them; this is a Scan filtered on
 * the key prefix. A Scan reads the whole table, which is fine for the local tool: the table
 * holds generated data, and reconciliation runs now and then, not per request. On AWS, with
 * millions of cases, it would be a GSI keyed by payout day (queried day by day) or a DynamoDB
 * export to S3 read by a batch job, so reconciliation neither costs a full-table read nor
 * competes with the workflow for capacity.
 */

export interface ReadPayoutsOptions {
  /**
   * Items read per Scan page (DynamoDB's Limit). Limit counts items read *before* the filter,
   * so a page may hold no payouts and still not be the last; pages are followed until
   * LastEvaluatedKey is gone. Tests set it small to exercise that.
   */
  pageSize?: number;
}

/** Thrown when an item under PAYOUT# is not a payout record: reconciliation must not guess. */
export class MalformedPayoutRecordError extends Error {
  override readonly name = 'MalformedPayoutRecord';
}

const PayoutRecordSchema = z.object({
  claimId: z.string().min(1),
  amountFen: FenSchema,
  bankAccount: z.string(),
  accountName: z.string(),
  insuredId: z.string(),
  year: z.int(),
  careType: CareTypeSchema,
  adjudicationSeq: z.int(),
  createdAt: z.string(),
  bankReference: z.string().min(1).optional(),
  appealNo: z.int().min(1).optional(),
  deductibleAppliedFen: z.int().optional(),
}) satisfies z.ZodType<PayoutRecord>;

export async function readPayouts(
  db: DynamoDBDocumentClient,
  tableName: string,
  options: ReadPayoutsOptions = {},
): Promise<PayoutRecord[]> {
  const payouts: PayoutRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        // The claim's payout (SK PAYOUT) and its appeals' differences (SK PAYOUT#APPEAL#n).
        FilterExpression: 'begins_with(PK, :prefix) AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':prefix': 'PAYOUT#', ':sk': 'PAYOUT' },
        // A payout whose bank reference was just written must not look "still due".
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
        ...(options.pageSize !== undefined && { Limit: options.pageSize }),
      }),
    );
    for (const item of page.Items ?? []) payouts.push(payoutOf(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return payouts;
}

function payoutOf(item: Record<string, unknown>): PayoutRecord {
  const { PK: pk, SK: _sk, ...attributes } = item;
  const parsed = PayoutRecordSchema.safeParse(attributes);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${z.core.toDotPath(i.path)}: ${i.message}`).join('; ');
    throw new MalformedPayoutRecordError(`item ${String(pk)} is not a payout record: ${issues}`);
  }
  return parsed.data;
}
