import { serviceDateOf, type SignedEBill } from '../../domain/ebill';

/**
 * A person's stays and visits as the simulated hospitals know them, from the bills they issued:
 * what a citizen chooses from when filing a claim on the local web pages (on AWS the national
 * e-bill platform or the citizen's own records stand in). Voided bills and red reversals are
 * left out: there is nothing to claim for them.
 */
export interface Stay {
  hospitalCode: string;
  hospitalName: string;
  visitNo: string;
  careType: 'inpatient' | 'outpatient';
  /** Admission date for a stay, visit date for an outpatient visit. */
  serviceDate: string;
  totalAmtFen: number;
}

export function staysOf(bills: readonly SignedEBill[], idNumberHash: string): Stay[] {
  const stays = new Map<string, Stay>();
  for (const bill of bills) {
    const { visitNo } = bill;
    // A bill without a visit number cannot be claimed for by visit.
    if (!visitNo || bill.payer.idNumberHash !== idNumberHash || bill.status !== 'issued' || bill.reversalOf)
      continue;
    const key = `${bill.hospital.code}#${visitNo}`;
    const known = stays.get(key);
    stays.set(key, {
      hospitalCode: bill.hospital.code,
      hospitalName: bill.hospital.name,
      visitNo,
      careType: bill.medicalCareType,
      serviceDate: serviceDateOf(bill),
      totalAmtFen: (known?.totalAmtFen ?? 0) + bill.totalAmtFen,
    });
  }
  return [...stays.values()].sort((a, b) => b.serviceDate.localeCompare(a.serviceDate));
}
