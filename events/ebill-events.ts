import type { z } from 'zod';
import {
  BillBatchCodeSchema,
  BillNoSchema,
  BillReferenceSchema,
  HospitalCodeSchema,
  SignedEBillSchema,
} from '../domain/ebill';
import { EventTimestampSchema } from './detail-fields';
import { defineEventContract } from './event-contract';

/**
 * Events hospitals put on the bus. The source names the hospital, `hospital.<hospitalCode>`,
 * so that on AWS the bus policy can let each hospital's account publish under its own source
 * only, and so that a consumer can check the source against the hospital named in the detail.
 */
export const HOSPITAL_SOURCE_PREFIX = 'hospital.';

export const hospitalSource = (hospitalCode: string): string => `${HOSPITAL_SOURCE_PREFIX}${hospitalCode}`;

/**
 * A hospital issued (or re-issued) an e-bill. The detail is the whole signed bill, exactly as
 * the hospital API returns it, so the consumer verifies the same signature over the same
 * content (DESIGN §7) and can match the bill to a waiting claim by its `visitNo`.
 */
export const EBillIssued = defineEventContract({
  detailType: 'EBill.Issued',
  currentVersion: '1.0',
  knownMajors: [1],
  fields: { ebill: SignedEBillSchema },
  sourceOf: (detail) => hospitalSource(detail.ebill.hospital.code),
});
export type EBillIssuedDetail = z.output<typeof EBillIssued.schema>;

/**
 * A hospital voided a bill (作废), or cancelled it with a red reversal bill (红冲): then
 * `reversedBy` names the reversal bill, which arrives as an EBill.Issued of its own with
 * `reversalOf` pointing back here. Without `reversedBy` it is a plain void.
 *
 * The notice names the bill and carries no signature: it is a prompt, not proof. Its consumer
 * fetches the bill from the hospital (signed, status 'voided') before it stops a claim, so a
 * forged notice can cost a fetch but cannot cancel a reimbursement.
 */
export const EBillVoided = defineEventContract({
  detailType: 'EBill.Voided',
  currentVersion: '1.0',
  knownMajors: [1],
  fields: {
    hospitalCode: HospitalCodeSchema,
    billBatchCode: BillBatchCodeSchema,
    billNo: BillNoSchema,
    voidedAt: EventTimestampSchema,
    reversedBy: BillReferenceSchema.optional(),
  },
  sourceOf: (detail) => hospitalSource(detail.hospitalCode),
  check: (detail, ctx) => {
    const { reversedBy } = detail;
    if (
      reversedBy &&
      reversedBy.billBatchCode === detail.billBatchCode &&
      reversedBy.billNo === detail.billNo
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['reversedBy'],
        input: reversedBy,
        message: 'names the voided bill itself',
      });
    }
  },
});
export type EBillVoidedDetail = z.output<typeof EBillVoided.schema>;
