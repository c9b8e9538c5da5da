import { z } from 'zod';
import { HospitalCodeSchema, serviceDateOf, type SignedEBill } from './ebill';
import { CareTypeSchema, FenSchema, IsoDateSchema } from './schema-primitives';

/**
 * A person's visits to hospitals outside their home region (异地就医), as a source of visits
 * knows them: the hospitals' own records, or the home region's record of cross-province
 * visits. Each visit carries its bills' totals in integer fen and whether the fund already paid
 * at the hospital (direct settlement), so a citizen can choose what to claim without knowing a
 * hospital code or a visit number. The payer's name and masked ID are the citizen's own, kept
 * for the case a claim from the visit opens; the full ID number never appears.
 */
export const SourcedBillSchema = z.strictObject({
  billBatchCode: z.string().min(1),
  billNo: z.string().min(1),
  totalAmtFen: FenSchema,
  settledDirectly: z.boolean(),
});
export type SourcedBill = z.infer<typeof SourcedBillSchema>;

export const SourcedVisitSchema = z.strictObject({
  hospitalCode: HospitalCodeSchema,
  hospitalName: z.string().min(1),
  visitNo: z.string().min(1).max(40),
  careType: CareTypeSchema,
  /** Admission date for a stay, visit date for an outpatient visit. */
  serviceDate: IsoDateSchema,
  patient: z.strictObject({
    name: z.string().min(1).max(50),
    idNumberMasked: z.string().regex(/^[\dX*]{18}$/),
  }),
  bills: z.array(SourcedBillSchema).min(1),
});
export type SourcedVisit = z.infer<typeof SourcedVisitSchema>;

export const SourcedVisitsSchema = z.strictObject({ visits: z.array(SourcedVisitSchema) });

/** What of a bill makes a visit: no lines, no signature (what the home region keeps of it). */
export type VisitBill = Pick<
  SignedEBill,
  | 'billBatchCode'
  | 'billNo'
  | 'visitNo'
  | 'payer'
  | 'status'
  | 'reversalOf'
  | 'hospital'
  | 'totalAmtFen'
  | 'settledDirectly'
  | 'medicalCareType'
  | 'admission'
  | 'issueDate'
>;

export function visitBillOf(bill: VisitBill): VisitBill {
  const { billBatchCode, billNo, visitNo, payer, status, reversalOf, hospital } = bill;
  const { totalAmtFen, settledDirectly, medicalCareType, admission, issueDate } = bill;
  return {
    billBatchCode,
    billNo,
    ...(visitNo !== undefined && { visitNo }),
    payer,
    status,
    reversalOf,
    hospital,
    totalAmtFen,
    settledDirectly,
    medicalCareType,
    ...(admission !== undefined && { admission }),
    issueDate,
  };
}

/**
 * The visits of one person from the bills issued to them, newest first. Voided bills and red
 * reversals leave nothing to claim and are left out; a bill without a visit number cannot be
 * claimed for by visit. What both simulated sources (hospitals, home region) answer.
 */
export function visitsFromBills(bills: readonly VisitBill[], idNumberHash: string): SourcedVisit[] {
  const visits = new Map<string, SourcedVisit>();
  for (const bill of bills) {
    const { visitNo } = bill;
    if (!visitNo || bill.payer.idNumberHash !== idNumberHash || bill.status !== 'issued' || bill.reversalOf)
      continue;
    const key = `${bill.hospital.code}#${visitNo}`;
    const known = visits.get(key);
    const sourced: SourcedBill = {
      billBatchCode: bill.billBatchCode,
      billNo: bill.billNo,
      totalAmtFen: bill.totalAmtFen,
      settledDirectly: bill.settledDirectly,
    };
    visits.set(key, {
      hospitalCode: bill.hospital.code,
      hospitalName: bill.hospital.name,
      visitNo,
      careType: bill.medicalCareType,
      serviceDate: serviceDateOf(bill),
      patient: { name: bill.payer.name, idNumberMasked: bill.payer.idNumberMasked },
      bills: [...(known?.bills ?? []), sourced],
    });
  }
  return [...visits.values()].sort((a, b) => b.serviceDate.localeCompare(a.serviceDate));
}

/**
 * The reference a citizen files from: opaque to the client (base64url of hospital code and visit
 * number), and never trusted: the server finds the visit again among the caller's own visits.
 */
export const VisitRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,120}$/, { error: 'must be a visitRef from GET /my/visits' });

export function visitRefOf(visit: Pick<SourcedVisit, 'hospitalCode' | 'visitNo'>): string {
  return Buffer.from(`${visit.hospitalCode}\n${visit.visitNo}`, 'utf8').toString('base64url');
}

/** The hospital and visit number a reference names, or undefined when it names none. */
export function parseVisitRef(ref: string): { hospitalCode: string; visitNo: string } | undefined {
  const [hospitalCode, visitNo, extra] = Buffer.from(ref, 'base64url').toString('utf8').split('\n');
  if (extra !== undefined || !visitNo || !HospitalCodeSchema.safeParse(hospitalCode).success)
    return undefined;
  return { hospitalCode: hospitalCode as string, visitNo };
}

/** A visit's bills' total, integer fen. */
export const visitTotalFen = (visit: Pick<SourcedVisit, 'bills'>): number =>
  visit.bills.reduce((sum, b) => sum + b.totalAmtFen, 0);
