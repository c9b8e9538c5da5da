import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimStatus } from '../domain/claim-status';

/**
 * The few attributes of a region's cases and their payouts that the supervisor dashboard counts,
 * by one paginated Scan of the table (CASE items of the region, and every PAYOUT item, joined
 * here by claim id). No index holds all of a region's cases (GSI1 holds only the queue), so this
 * reads the whole table: fine for the local runtime and a pilot, and the part to replace at
 * scale with counters kept by a DynamoDB Stream (docs/web.md).
 */

export interface RegionCaseFacts {
  claimId: string;
  status: ClaimStatus;
  createdAt: string;
  updatedAt: string;
  /** A clerk's decision released it (else the machine decided). */
  clerkDecided: boolean;
  payout?: { amountFen: number; createdAt: string };
}

interface ScannedItem {
  PK: string;
  SK: string;
  claimId?: string;
  status?: ClaimStatus;
  createdAt?: string;
  updatedAt?: string;
  decision?: unknown;
  amountFen?: number;
}

export async function scanRegionCases(
  db: DynamoDBDocumentClient,
  tableName: string,
  region: string,
): Promise<RegionCaseFacts[]> {
  const cases = new Map<string, RegionCaseFacts>();
  const payouts = new Map<string, { amountFen: number; createdAt: string }>();
  const pages = paginateScan(
    { client: db, pageSize: 1000 },
    {
      TableName: tableName,
      FilterExpression: '(SK = :case AND insured.homeRegion = :region) OR SK = :payout',
      ProjectionExpression: 'PK, SK, claimId, #status, createdAt, updatedAt, decision, amountFen',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':case': 'CASE', ':payout': 'PAYOUT', ':region': region },
    },
  );
  for await (const page of pages) {
    for (const item of (page.Items ?? []) as ScannedItem[]) {
      if (!item.claimId || !item.createdAt) continue;
      if (item.SK === 'PAYOUT') {
        payouts.set(item.claimId, { amountFen: item.amountFen ?? 0, createdAt: item.createdAt });
      } else if (item.status) {
        cases.set(item.claimId, {
          claimId: item.claimId,
          status: item.status,
          createdAt: item.createdAt,
          updatedAt: item.updatedAt ?? item.createdAt,
          clerkDecided: item.decision !== undefined,
        });
      }
    }
  }
  for (const [claimId, payout] of payouts) {
    const found = cases.get(claimId);
    if (found) found.payout = payout;
  }
  return [...cases.values()];
}
