import { TransactGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimCase } from '../../domain/claim';
import type { ClaimStatus } from '../../domain/claim-status';
import type { PayoutRecord } from '../../domain/payouts';
import type { StoreAccess } from './access';
import type { StoredAdjudication } from './adjudications';
import { keys, stripKeys } from './keys';

export interface CaseView {
  claim: ClaimCase;
  adjudication: StoredAdjudication | undefined;
  payout: PayoutRecord | undefined;
}

export const CASE_VIEW_ACCESS = {
  /** The case, its latest adjudication's copy and its payout: one TransactGetItems. */
  read: { items: [{ actions: ['GetItem'], keys: ['CLAIM#', 'PAYOUT#'] }] },
} as const satisfies Record<string, StoreAccess>;

/**
 * What the claim's page shows, in one request (issue #17: "the claim's status page is one
 * GetItem"): the case, the copy of its newest adjudication (`LATEST#ADJ`, written with each ADJ#)
 * and its payout, read together and consistently. A claim adjudicated before the copy existed
 * has none: `latestAdjudication` (the Query of ADJ#) answers for it.
 */
export async function readCaseView(
  db: DynamoDBDocumentClient,
  tableName: string,
  claimId: string,
  latestAdjudication: (claimId: string) => Promise<StoredAdjudication | undefined>,
): Promise<CaseView | undefined> {
  const { Responses = [] } = await db.send(
    new TransactGetCommand({
      TransactItems: [
        { Get: { TableName: tableName, Key: keys.claim(claimId) } },
        { Get: { TableName: tableName, Key: keys.latestAdjudication(claimId) } },
        { Get: { TableName: tableName, Key: keys.payout(claimId) } },
      ],
    }),
  );
  const [caseItem, adjudicationItem, payoutItem] = Responses.map((response) => response?.Item);
  if (!caseItem) return undefined;
  const claim = stripKeys<ClaimCase>(caseItem);
  const copy = adjudicationItem ? stripKeys<StoredAdjudication>(adjudicationItem) : undefined;
  return {
    claim,
    adjudication:
      copy ?? (HAS_NO_ADJUDICATION.has(claim.status) ? undefined : await latestAdjudication(claimId)),
    payout: payoutItem ? stripKeys<PayoutRecord>(payoutItem) : undefined,
  };
}

/**
 * Statuses of a claim on its way to Adjudicate: without the copy, nothing to look for (a claim
 * run again after a failure passes them with an ADJ# already written, and its copy with it).
 */
const HAS_NO_ADJUDICATION: ReadonlySet<ClaimStatus> = new Set<ClaimStatus>([
  'SUBMITTED',
  'FETCHING',
  'WAITING_FOR_EBILL',
  'READING',
  'VERIFYING',
]);
