import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { billKeyOf } from '../../domain/bill-key';
import type { SignedEBill } from '../../domain/ebill';
import { deps } from '../shared/dependencies';
import { metrics } from '../shared/observability';
import { type ClaimStepInput } from '../shared/step-inputs';
import { stepActor } from '../../domain/audit-chain';
import { moveClaim } from './claim-moves';
import { ownBillDocuments } from '../shared/attach-bills';

export interface FetchDocumentsOutput {
  /** `not_issued`: no bill yet and no receipt to read; the workflow waits for the hospital's event. */
  ebillStatus: 'issued' | 'not_issued';
  billCount: number;
  receiptIds: string[];
}

/**
 * FetchDocuments: the e-bills of the visit, from the hospital (with the citizen's consent,
 * checked at eligibility) and from bills the hospital pushed before the claim existed. A
 * hospital fault throws HospitalUnavailable, which the state machine retries with backoff.
 */
const actor = stepActor('FetchDocuments');
/** Remembered folders (adapters/claims/folder-memory.ts) serve only the change from here. */
const FETCHED_FROM: ReadonlySet<string> = new Set(['FETCHING']);

export const fetchDocuments = async ({ claimId }: ClaimStepInput): Promise<FetchDocumentsOutput> => {
  const claims = deps('claims');
  const folder = await claims.readFolder(claimId, { forChangeFrom: FETCHED_FROM });
  const { claim } = folder;
  if (claim.status !== 'FETCHING') {
    // Retried after it succeeded: the bills are stored; answer from them.
    const stored = folder.eBills;
    return {
      ebillStatus: stored.length > 0 ? 'issued' : 'not_issued',
      billCount: stored.length,
      receiptIds: claim.receiptIds,
    };
  }
  const { hospitalCode } = claim;
  const { visitNo } = claim.visit;
  const [fetched, pushed] = await Promise.all([
    deps('hospitals').fetchEBills(hospitalCode, { visitNo, idNumberHash: claim.insured.idNumberHash }),
    claims.visitEBills(hospitalCode, visitNo),
  ]);
  const byKey = new Map<string, SignedEBill>();
  for (const bill of [...pushed, ...(fetched.status === 'issued' ? fetched.bills : [])])
    byKey.set(billKeyOf(bill), bill);

  const sorted = ownBillDocuments(claim, [...byKey.values()]);
  const billCount = sorted.own.length;
  if (billCount === 0 && claim.receiptIds.length === 0) {
    // Nothing of the claimant's yet: the case waits as it is (another's bills are counted on it).
    await Promise.all(sorted.documents.map((document) => claims.storeDocument(document, actor)));
    metrics.addMetric('EBillsNotYetIssued', MetricUnit.Count, 1);
    return { ebillStatus: 'not_issued', billCount, receiptIds: [] };
  }
  // The bills and the move in one transaction.
  const stored = claims.documentsInTransaction(sorted.documents, folder.storedHashes, actor);
  await moveClaim(
    claim,
    'READING',
    {},
    [],
    { actor },
    { items: () => stored.items, entries: stored.entries },
  );
  metrics.addMetric('EBillsFetched', MetricUnit.Count, billCount);
  return { ebillStatus: 'issued', billCount, receiptIds: claim.receiptIds };
};
