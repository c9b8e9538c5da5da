import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { billKeyOf } from '../../domain/bill-key';
import { chinaDate } from '../../domain/dates';
import { verifyEBillSignature } from '../../domain/ebill-signature';
import { claimDocument, type BillFlag } from '../../adapters/claim-store';
import type { SignedEBill } from '../../domain/ebill';
import { verifyClaimDocuments, type Finding, type VerificationOutcome } from '../../domain/verification';
import type { StoredReceipt } from '../../domain/stored-receipt';
import { policyOf } from './adjudication';
import { deps } from '../shared/dependencies';
import { metrics } from '../shared/observability';
import { type ClaimStepInput } from '../shared/step-inputs';
import { stepActor } from '../../domain/audit-chain';
import { moveClaim } from './claim-moves';
import { foreignBillsIn } from '../shared/attach-bills';

export interface VerifyDocumentsOutput {
  decision: VerificationOutcome['decision'];
  reasonCodes: string[];
}

const VERIFIABLE_FROM = new Set(['FETCHING', 'READING', 'WAITING_FOR_EBILL']);

/**
 * VerifyDocuments: gathers what the rules in domain/verification.ts judge (signatures against
 * the hospital key registry, cancellations, receipts, the directory of designated hospitals)
 * and takes the duplicate guard for each reimbursable bill (a conditional put, so a bill is
 * reimbursed once, ever). One read of the claim's folder, one of the bills' flags and guards, one
 * transaction; the findings are stored on the case for the clerk and citizen.
 */
const actor = stepActor('VerifyDocuments');

export const verifyDocuments = async ({ claimId }: ClaimStepInput): Promise<VerifyDocumentsOutput> => {
  const claims = deps('claims');
  const folder = await claims.readFolder(claimId, { forChangeFrom: VERIFIABLE_FROM });
  const { claim } = folder;
  if (!VERIFIABLE_FROM.has(claim.status)) {
    const stored = folder.document<VerificationOutcome>('VERIFICATION', 'latest');
    if (!stored) throw new Error(`claim ${claimId} is ${claim.status} and has no verification`);
    return summary(stored);
  }
  const policy = policyOf(claim);
  const { checked, profile } = await checkSignatures(claim.hospitalCode, folder.eBills);
  const states = await claims.billStates(checked.map(({ bill }) => billKeyOf(bill)));
  const flaggedBills = new Map<string, ReadonlySet<BillFlag>>();
  const alreadyClaimedBy: { billKey: string; claimId: string }[] = [];
  const guards: string[] = [];
  for (const { bill } of checked) {
    const key = billKeyOf(bill);
    const state = states.get(key);
    flaggedBills.set(key, state?.flags ?? new Set());
    // Only a bill that could be paid takes the guard: a reversal bill or a settled one never is.
    if (bill.reversalOf !== null || bill.settledDirectly) continue;
    if (state?.heldBy !== undefined && state.heldBy !== claimId)
      alreadyClaimedBy.push({ billKey: key, claimId: state.heldBy });
    else guards.push(key);
  }
  const receiptProblems = folder
    .documents<StoredReceipt>('RECEIPT')
    .flatMap((r) =>
      r.outcome && r.outcome.kind !== 'matched' ? [{ receiptId: r.receiptId, ...r.outcome }] : [],
    );

  const outcome = verifyClaimDocuments({
    claim,
    bills: checked,
    alreadyClaimedBy,
    flaggedBills,
    receiptProblems,
    foreignBills: foreignBillsIn(folder),
    hospital: profile,
    policy: policy.source,
    routes: policy.review.verificationRoutes,
    filedOn: chinaDate(new Date(Date.parse(claim.createdAt))),
  });
  // The outcome, the bills' guards and the move in one transaction: a claim that took one of the
  // bills meanwhile cancels it (ClaimConflict), and the retried step finds the bill held.
  const stored = claims.documentsInTransaction(
    [claimDocument(claimId, 'VERIFICATION', 'latest', { ...outcome })],
    folder.storedHashes,
    actor,
  );
  await moveClaim(
    claim,
    'VERIFYING',
    { reasons: outcome.findings.map(asReason) },
    ['taskToken'],
    { actor },
    {
      items: () => [...stored.items, ...guards.map((key) => claims.guardItem(key, claimId))],
      entries: stored.entries,
    },
  );
  metrics.addMetric(`Verification_${outcome.decision}`, MetricUnit.Count, 1);
  return summary(outcome);
};

/** Each bill's signature against the key registry of the hospital that issued it. */
async function checkSignatures(claimHospitalCode: string, bills: readonly SignedEBill[]) {
  const registry = deps('hospitalRegistry');
  const claimHospital = await registry.lookup(claimHospitalCode);
  const checked = await Promise.all(
    bills.map(async (bill) => {
      const { keys } =
        bill.hospital.code === claimHospitalCode ? claimHospital : await registry.lookup(bill.hospital.code);
      return { bill, signature: verifyEBillSignature(bill, keys) };
    }),
  );
  return { checked, profile: claimHospital.profile };
}

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
