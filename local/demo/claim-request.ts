import type { SubmitClaimRequest } from '../../domain/claim';
import { formatReceiptQr } from '../../domain/receipt-qr';
import { DEMO_REGION } from './api-client';
import type { PlannedInsured, PlannedVisit } from './plan';
import type { HospitalVisit } from './world-client';

/** A visit as the demo holds it: what the plan wanted, what the hospital made of it. */
export interface CreatedVisit {
  plan: PlannedVisit;
  hospital: HospitalVisit;
  /** Which stay of the year this is for the insured (inpatient only), as the citizen states it. */
  admissionSeqInYear?: number;
}

/**
 * The stay number of each inpatient visit among its insured person's stays, by date: what a
 * citizen with several stays in the year writes on each claim. Returns visit index → number.
 */
export function admissionSequences(visits: readonly CreatedVisit[]): Map<number, number> {
  const byInsured = new Map<number, CreatedVisit[]>();
  for (const visit of visits) {
    if (visit.plan.careType !== 'inpatient') continue;
    const list = byInsured.get(visit.plan.insured) ?? [];
    list.push(visit);
    byInsured.set(visit.plan.insured, list);
  }
  const seqs = new Map<number, number>();
  for (const stays of byInsured.values()) {
    stays
      .sort(
        (a, b) => a.hospital.serviceDate.localeCompare(b.hospital.serviceDate) || a.plan.index - b.plan.index,
      )
      .forEach((stay, i) => seqs.set(stay.plan.index, i + 1));
  }
  return seqs;
}

/**
 * The QR code of a paper receipt that does not match its e-bill: the paper says one yuan more
 * (a receipt printed before the hospital corrected the bill). ReadReceipts finds the
 * difference and the claim goes to a clerk, which is what the demo wants of these visits.
 */
export function mismatchingReceiptQr(visit: HospitalVisit): string {
  const { bill } = visit;
  return formatReceiptQr({
    hospitalCode: visit.hospitalCode,
    billBatchCode: bill.billBatchCode,
    billNo: bill.billNo,
    checkCode: bill.checkCode,
    issueDate: bill.issueDate,
    totalAmtFen: bill.totalAmtFen + 100,
  });
}

/**
 * The body of POST /claims for a visit, as the insured person fills it in today: who, where,
 * which stay, consent, the account. Scheme, working/retired, filing and the stay's number are
 * not declared: the home region's record decides them (docs/home-region.md).
 */
export function claimRequest(visit: CreatedVisit, insured: PlannedInsured, now: Date): SubmitClaimRequest {
  const { hospital, plan } = visit;
  return {
    insured: {
      idNumber: hospital.patient.idNumber,
      name: hospital.patient.name,
      homeRegion: DEMO_REGION,
    },
    hospitalCode: hospital.hospitalCode,
    visit: {
      visitNo: hospital.visitNo,
      careType: hospital.careType,
      serviceDate: hospital.serviceDate,
    },
    consent: { fetchRecords: true, hospitalCode: hospital.hospitalCode, grantedAt: now.toISOString() },
    payout: { bankAccount: insured.bankAccount, accountName: hospital.patient.name },
    receipts: plan.role === 'receipt_mismatch' ? [{ qrPayload: mismatchingReceiptQr(hospital) }] : [],
  };
}
