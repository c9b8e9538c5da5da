import { z } from 'zod';
import type { SignedEBill } from '../domain/ebill';
import { DiagnosisSchema, HospitalCodeSchema } from '../domain/ebill';
import { IsoDateSchema } from '../domain/schema-primitives';
import type { SourcedVisit } from '../domain/visits';

/**
 * The hospital as crossclaim sees it. The HTTP implementation talks to a hospital's
 * (or the local simulator's) fetch API; tests may use an in-memory fake.
 *
 * Transient faults (timeouts, 5xx, malformed bodies) throw HospitalUnavailableError, whose
 * `name` the state machine's Retry matches; "not issued yet" is an answer, not an error.
 */
export interface HospitalClient {
  /** The e-bills issued for one visit of one insured person. */
  fetchEBills(
    hospitalCode: string,
    query: { visitNo: string; idNumberHash: string },
  ): Promise<EBillFetchResult>;
  /** One bill by its lifelong identity (bill batch code + bill number). */
  fetchEBill(hospitalCode: string, billBatchCode: string, billNo: string): Promise<SignedEBill | null>;
  /** The record summary of an inpatient stay (出院小结), or null when the hospital has none. */
  fetchDischargeSummary(hospitalCode: string, visitNo: string): Promise<DischargeSummary | null>;
  /** The person's visits at this hospital with their bills' totals (GET /my/visits, the hospitals source). */
  visitsOf(hospitalCode: string, idNumberHash: string): Promise<SourcedVisit[]>;
}

export type EBillFetchResult = { status: 'issued'; bills: SignedEBill[] } | { status: 'not_issued' };

export class HospitalUnavailableError extends Error {
  override readonly name = 'HospitalUnavailable';
}

/** A discharge summary as the hospital serves it: facts for the clerk, not signed like a bill. */
export const DischargeSummarySchema = z.strictObject({
  hospitalCode: HospitalCodeSchema,
  visitNo: z.string().min(1),
  patient: z.strictObject({ name: z.string().min(1), idNumberMasked: z.string().min(1) }),
  admitDate: IsoDateSchema,
  dischargeDate: IsoDateSchema,
  diagnosis: DiagnosisSchema,
  procedures: z.array(z.strictObject({ code: z.string().min(1), name: z.string().min(1) })),
  summary: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
  attendingPhysician: z.string().min(1),
});
export type DischargeSummary = z.infer<typeof DischargeSummarySchema>;
