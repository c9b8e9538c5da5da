import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { billKeyOf } from '../domain/bill-key';
import type { SignedEBill } from '../domain/ebill';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';
import { moveClaim } from './services/claim-moves';
import { attachOwnBills } from './shared/attach-bills';

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

export const fetchDocuments = async ({ claimId }: ClaimStepInput): Promise<FetchDocumentsOutput> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  if (claim.status !== 'FETCHING') {
    // Retried after it succeeded: the bills are stored; answer from them.
    const stored = await claims.eBills(claimId);
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
  const own = await attachOwnBills(claim, [...byKey.values()], actor);

  const billCount = own.length;
  if (billCount === 0 && claim.receiptIds.length === 0) {
    metrics.addMetric('EBillsNotYetIssued', MetricUnit.Count, 1);
    return { ebillStatus: 'not_issued', billCount, receiptIds: [] };
  }
  await moveClaim(claim, 'READING', {}, [], { actor });
  metrics.addMetric('EBillsFetched', MetricUnit.Count, billCount);
  return { ebillStatus: 'issued', billCount, receiptIds: claim.receiptIds };
};

export const handler = stepHandler(ClaimStepInputSchema, fetchDocuments);
