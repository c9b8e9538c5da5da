import type { VisitView } from '../../domain/api/visits';
import type { ClaimCase } from '../../domain/claim';
import { visitRefOf, visitTotalFen, type SourcedVisit } from '../../domain/visits';

/** A visit as the citizen sees it, with the claim they filed for it (their own claims only). */
export function visitView(visit: SourcedVisit, ownClaims: readonly ClaimCase[]): VisitView {
  const claim = ownClaims.find(
    (c) => c.hospitalCode === visit.hospitalCode && c.visit.visitNo === visit.visitNo,
  );
  const settledDirectly = visit.bills.every((b) => b.settledDirectly);
  return {
    visitRef: visitRefOf(visit),
    hospitalCode: visit.hospitalCode,
    hospitalName: visit.hospitalName,
    visitNo: visit.visitNo,
    careType: visit.careType,
    serviceDate: visit.serviceDate,
    totalAmtFen: visitTotalFen(visit),
    bills: visit.bills.map(({ billNo, totalAmtFen, settledDirectly: s }) => ({
      billNo,
      totalAmtFen,
      settledDirectly: s,
    })),
    settledDirectly,
    ...(claim && { claim: { claimId: claim.claimId, status: claim.status } }),
    claimable: !settledDirectly && (!claim || claim.status === 'REJECTED'),
  };
}
