import type { SubmitClaimRequest } from '../../domain/claim';
import { serviceDateOf } from '../../domain/ebill';
import type { GeneratedVisit } from './bill-generator';

/** What filing a claim needs to know of a visit: the world's view of it carries no more. */
export interface ClaimableVisit {
  hospitalCode: string;
  visitNo: string;
  careType: GeneratedVisit['careType'];
  serviceDate: string;
  patient: { idNumber: string; name: string };
}

/**
 * What the insured person of a simulated visit would submit for it (POST /claims): insured in
 * Jiaxing (330400), consent to fetch from that hospital. Scheme, status, filing and which stay
 * of the year it is are not the form's to say: the home region's record decides them.
 */
export function claimRequestForVisit(
  visit: ClaimableVisit,
  changes: Partial<SubmitClaimRequest> = {},
): SubmitClaimRequest {
  return {
    insured: {
      idNumber: visit.patient.idNumber,
      name: visit.patient.name,
      homeRegion: '330400',
    },
    hospitalCode: visit.hospitalCode,
    visit: {
      visitNo: visit.visitNo,
      careType: visit.careType,
      serviceDate: visit.serviceDate,
    },
    consent: { fetchRecords: true, hospitalCode: visit.hospitalCode, grantedAt: new Date().toISOString() },
    payout: { bankAccount: '6222000000000000001', accountName: visit.patient.name },
    receipts: [],
    ...changes,
  };
}

/** The same, for a visit as the bill generator made it (with its bill). */
export const claimRequestFor = (
  visit: GeneratedVisit,
  changes: Partial<SubmitClaimRequest> = {},
): SubmitClaimRequest => claimRequestForVisit({ ...visit, serviceDate: serviceDateOf(visit.bill) }, changes);
