import type { SubmitClaimRequest } from '../../domain/claim';
import type { GeneratedVisit } from './bill-generator';

/**
 * What the insured person of a simulated visit would submit for it (POST /claims): a Jiaxing
 * employee, registered long-term residence, consent to fetch from that hospital.
 */
export function claimRequestFor(
  visit: GeneratedVisit,
  changes: Partial<SubmitClaimRequest> = {},
): SubmitClaimRequest {
  return {
    insured: {
      idNumber: visit.patient.idNumber,
      name: visit.patient.name,
      scheme: 'employee',
      status: 'working',
      homeRegion: '330400',
    },
    hospitalCode: visit.hospitalCode,
    visit: {
      visitNo: visit.visitNo,
      careType: visit.careType,
      serviceDate: visit.bill.admission?.admitDate ?? visit.bill.issueDate,
      ...(visit.careType === 'inpatient' && { admissionSeqInYear: 1 }),
      filingType: 'long_term',
    },
    consent: { fetchRecords: true, hospitalCode: visit.hospitalCode, grantedAt: new Date().toISOString() },
    payout: { bankAccount: '6222000000000000001', accountName: visit.patient.name },
    receipts: [],
    ...changes,
  };
}
