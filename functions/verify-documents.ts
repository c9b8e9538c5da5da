import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { billKeyOf } from '../domain/bill-key';
import { chinaDate } from '../domain/dates';
import { verifyEBillSignature } from '../domain/ebill-signature';
import type { BillFlag } from '../adapters/claim-store';
import { verifyClaimDocuments, type Finding, type VerificationOutcome } from '../domain/verification';
import type { StoredReceipt } from '../domain/stored-receipt';
import { policyOf } from './services/adjudication';
import { deps } from './shared/dependencies';
import { metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema, type ClaimStepInput } from './shared/step-inputs';
import { stepActor } from '../domain/audit-chain';
import { moveClaim } from './services/claim-moves';
import { foreignBillCount } from './shared/attach-bills';

export interface VerifyDocumentsOutput {
  decision: VerificationOutcome['decision'];
  reasonCodes: string[];
}

const VERIFIABLE_FROM = new Set(['FETCHING', 'READING', 'WAITING_FOR_EBILL']);

/**
 * VerifyDocuments: gathers what the rules in domain/verification.ts judge (signatures against
 * the hospital key registry, cancellations, receipts, the directory of designated hospitals)
 * and takes the duplicate guard for each reimbursable bill: one conditional put per bill, so a
 * bill is reimbursed once, ever. The findings are stored on the case for the clerk and citizen.
 */
const actor = stepActor('VerifyDocuments');

export const verifyDocuments = async ({ claimId }: ClaimStepInput): Promise<VerifyDocumentsOutput> => {
  const claims = deps('claims');
  const claim = await claims.get(claimId);
  if (!VERIFIABLE_FROM.has(claim.status)) {
    const stored = await claims.getDocument<VerificationOutcome>(claimId, 'VERIFICATION', 'latest');
    if (!stored) throw new Error(`claim ${claimId} is ${claim.status} and has no verification`);
    return summary(stored);
  }
  const policy = policyOf(claim);

  const registry = deps('hospitalRegistry');
  const bills = await claims.eBills(claimId);
  const claimHospital = await registry.lookup(claim.hospitalCode);
  const checked = await Promise.all(
    bills.map(async (bill) => {
      const { keys } =
        bill.hospital.code === claim.hospitalCode ? claimHospital : await registry.lookup(bill.hospital.code);
      return { bill, signature: verifyEBillSignature(bill, keys) };
    }),
  );
  const flaggedBills = new Map<string, ReadonlySet<BillFlag>>();
  const alreadyClaimedBy: { billKey: string; claimId: string }[] = [];
  for (const { bill } of checked) {
    const key = billKeyOf(bill);
    flaggedBills.set(key, await claims.billFlags(key));
    // Only a bill that could be paid takes the guard: a reversal bill or a settled one never is.
    if (bill.reversalOf === null && !bill.settledDirectly) {
      const guard = await claims.guardBill(key, claimId);
      if (!guard.ok) alreadyClaimedBy.push({ billKey: key, claimId: guard.heldBy });
    }
  }
  const receipts = await claims.documents<StoredReceipt>(claimId, 'RECEIPT');
  const receiptProblems = receipts.flatMap((r) =>
    r.outcome && r.outcome.kind !== 'matched' ? [{ receiptId: r.receiptId, ...r.outcome }] : [],
  );

  const outcome = verifyClaimDocuments({
    claim,
    bills: checked,
    alreadyClaimedBy,
    flaggedBills,
    receiptProblems,
    foreignBills: await foreignBillCount(claimId),
    hospital: claimHospital.profile,
    policy: policy.source,
    routes: policy.review.verificationRoutes,
    filedOn: chinaDate(new Date(Date.parse(claim.createdAt))),
  });
  await claims.putDocument(claimId, 'VERIFICATION', 'latest', { ...outcome }, actor);
  await moveClaim(claim, 'VERIFYING', { reasons: outcome.findings.map(asReason) }, ['taskToken'], { actor });
  metrics.addMetric(`Verification_${outcome.decision}`, MetricUnit.Count, 1);
  return summary(outcome);
};

const asReason = ({ code, zh, en, detail }: Finding) => ({
  code,
  zh,
  en,
  ...(detail !== undefined && { detail }),
});
const summary = (o: VerificationOutcome): VerifyDocumentsOutput => ({
  decision: o.decision,
  reasonCodes: o.findings.map((f) => f.code),
});

export const handler = stepHandler(ClaimStepInputSchema, verifyDocuments);
