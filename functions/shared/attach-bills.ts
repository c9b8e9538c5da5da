import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AuditActor } from '../../domain/audit-chain';
import { partitionByPayer } from '../../domain/bill-ownership';
import type { ClaimCase } from '../../domain/claim';
import type { SignedEBill } from '../../domain/ebill';
import { deps } from './dependencies';
import { metrics } from './observability';
import {
  claimDocument,
  eBillDocument,
  type ClaimFolder,
  type DocumentWrite,
} from '../../adapters/claim-store';

/** The claim's record that bills of its visit were someone else's: a count, nothing of the bills. */
export const FOREIGN_BILLS_DOCUMENT = { kind: 'FOREIGN_BILLS', id: 'visit' } as const;

/**
 * The bills of a claim's visit sorted by payer: the claimant's, stored with the claim, and the
 * count of anyone else's (a claim naming another person's visit number, a hospital pushing a
 * stranger's bill onto the visit), recorded on the claim without any of those bills' values.
 * `documents` are what to store: alone (attachOwnBills) or in the claim's move (FetchDocuments).
 */
export function ownBillDocuments(
  claim: Pick<ClaimCase, 'claimId' | 'insured'>,
  bills: readonly SignedEBill[],
): { own: SignedEBill[]; documents: DocumentWrite[] } {
  const { own, foreign } = partitionByPayer(bills, claim.insured);
  if (foreign > 0) metrics.addMetric('BillsNotTheClaimants', MetricUnit.Count, foreign);
  const documents = own.map((bill) => eBillDocument(claim.claimId, bill));
  if (foreign > 0)
    documents.push(
      claimDocument(claim.claimId, FOREIGN_BILLS_DOCUMENT.kind, FOREIGN_BILLS_DOCUMENT.id, {
        count: foreign,
      }),
    );
  return { own, documents };
}

/** Stores the claimant's bills of the visit with the claim (and the count of anyone else's); returns them. */
export async function attachOwnBills(
  claim: Pick<ClaimCase, 'claimId' | 'insured'>,
  bills: readonly SignedEBill[],
  actor: AuditActor,
): Promise<SignedEBill[]> {
  const { own, documents } = ownBillDocuments(claim, bills);
  const claims = deps('claims');
  await Promise.all(documents.map((document) => claims.storeDocument(document, actor)));
  return own;
}

/** How many bills of the claim's visit were found to be someone else's, as its folder says. */
export function foreignBillsIn(folder: ClaimFolder): number {
  return (
    folder.document<{ count: number }>(FOREIGN_BILLS_DOCUMENT.kind, FOREIGN_BILLS_DOCUMENT.id)?.count ?? 0
  );
}
