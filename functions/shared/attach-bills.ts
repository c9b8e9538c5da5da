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
 * Attaches to a claim the bills of its visit whose payer is the claimant; bills of anyone else
 * (a claim naming another person's visit number, a hospital pushing a stranger's bill onto the
 * visit) are counted on the claim and never stored with it. Returns the claimant's bills.
 */
export async function attachOwnBills(
  claim: Pick<ClaimCase, 'claimId' | 'insured'>,
  bills: readonly SignedEBill[],
  actor: AuditActor,
): Promise<SignedEBill[]> {
  const claims = deps('claims');
  const { own, foreign } = partitionByPayer(bills, claim.insured);
  await Promise.all(own.map((bill) => claims.putEBill(claim.claimId, bill, actor)));
  if (foreign > 0) {
    metrics.addMetric('BillsNotTheClaimants', MetricUnit.Count, foreign);
    await claims.putDocument(
      claim.claimId,
      FOREIGN_BILLS_DOCUMENT.kind,
      FOREIGN_BILLS_DOCUMENT.id,
      { count: foreign },
      actor,
    );
  }
  return own;
}

/**
 * The same sorting as attachOwnBills, as documents for the claim's own transaction (a step that
 * stores the bills with its status move): the claimant's bills, and the count of anyone else's.
 */
export function ownBillDocuments(
  claim: Pick<ClaimCase, 'claimId' | 'insured'>,
  bills: readonly SignedEBill[],
): { own: SignedEBill[]; foreign: number; documents: DocumentWrite[] } {
  const { own, foreign } = partitionByPayer(bills, claim.insured);
  if (foreign > 0) metrics.addMetric('BillsNotTheClaimants', MetricUnit.Count, foreign);
  const documents = own.map((bill) => eBillDocument(claim.claimId, bill));
  if (foreign > 0)
    documents.push(
      claimDocument(claim.claimId, FOREIGN_BILLS_DOCUMENT.kind, FOREIGN_BILLS_DOCUMENT.id, {
        count: foreign,
      }),
    );
  return { own, foreign, documents };
}

/** How many bills of the claim's visit were found to be someone else's, as its folder says. */
export function foreignBillsIn(folder: ClaimFolder): number {
  return (
    folder.document<{ count: number }>(FOREIGN_BILLS_DOCUMENT.kind, FOREIGN_BILLS_DOCUMENT.id)?.count ?? 0
  );
}
