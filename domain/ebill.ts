import { z } from 'zod';
import type { ClaimItem } from './adjudication-case';
import {
  FenSchema,
  HospitalCodeSchema,
  HospitalLevelSchema,
  IsoDateSchema,
  PercentSchema,
} from './schema-primitives';

/**
 * The electronic medical bill (电子票据) as hospitals issue it, in the shape of
 * ../shared/data/ebills/sample-ebill.json. Money is integer fen throughout.
 *
 * A bill is identified for life by its batch code (票据代码, 8 digits) and number (票据号码,
 * 10 digits). A voided bill keeps its identity with status 'voided'. A red reversal bill
 * (红冲票据) is a new bill of its own whose `reversalOf` names the bill it cancels; its amounts
 * are the cancelled bill's, written non-negative like every amount here: `reversalOf` alone
 * says "this cancels", so nothing ever has to add up negative fen. A bill with a
 * `reversalOf` is never an expense to reimburse.
 */

export const BillBatchCodeSchema = z.string().regex(/^\d{8}$/, { error: 'must be 8 digits' });
export const BillNoSchema = z.string().regex(/^\d{10}$/, { error: 'must be 10 digits' });
export { HospitalCodeSchema };

export const BillReferenceSchema = z.strictObject({
  billBatchCode: BillBatchCodeSchema,
  billNo: BillNoSchema,
});
export type BillReference = z.infer<typeof BillReferenceSchema>;

/** 1 = category A (甲类), 2 = category B (乙类), 3 = category C (丙类), as on the bill. */
export const BillItemCategorySchema = z.literal([1, 2, 3], { error: 'must be 1 (A), 2 (B) or 3 (C)' });
export type BillItemCategory = z.infer<typeof BillItemCategorySchema>;

/**
 * A quantity as hospitals print it: positive, at most three decimals (0.5 hours of oxygen),
 * so that qty × unit price can be checked exactly in thousandths.
 */
const QuantitySchema = z
  .number()
  .positive({ error: 'must be positive' })
  .refine((qty) => Number.isSafeInteger(Math.round(qty * 1000)) && Math.round(qty * 1000) / 1000 === qty, {
    error: 'must have at most three decimals',
  });

export const EBillLineSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  /** An English gloss of the name, where the hospital gives one. */
  nameEn: z.string().min(1).optional(),
  medicalCareType: BillItemCategorySchema,
  /** Category B only: this item's own self-pay-first share, overriding the policy default. */
  selfPayFirstPct: PercentSchema.optional(),
  qty: QuantitySchema.optional(),
  unitPriceFen: FenSchema.optional(),
  amountFen: FenSchema,
});
export type EBillLine = z.infer<typeof EBillLineSchema>;

export const DiagnosisSchema = z.strictObject({
  code: z.string().min(1),
  system: z.string().min(1),
  name: z.string().min(1).optional(),
});

const eBillShape = {
  billBatchCode: BillBatchCodeSchema,
  billNo: BillNoSchema,
  checkCode: z.string().regex(/^[0-9a-fA-F]{6}$/, { error: 'must be 6 hexadecimal digits' }),
  issueDate: IsoDateSchema,
  billName: z.string().min(1),
  /** Administrative region code of the issuing place. */
  placeCode: z.string().regex(/^\d{6}$/, { error: 'must be 6 digits' }),
  hospital: z.strictObject({
    code: HospitalCodeSchema,
    name: z.string().min(1),
    level: HospitalLevelSchema,
  }),
  payer: z.strictObject({
    name: z.string().min(1),
    /** Masked on the bill itself ('3304**********0011'): never a whole number. */
    idNumberMasked: z
      .string()
      .regex(/^[\dX*]{18}$/, { error: 'must be 18 characters of digits, X and *' })
      .refine((masked) => masked.includes('*'), { error: 'must be masked, not a whole ID number' }),
    /** 'sha256:<hex>' (see hashIdNumber); the sample writes a placeholder after the prefix. */
    idNumberHash: z.string().regex(/^sha256:\S+$/, { error: 'must be sha256:<hash>' }),
  }),
  medicalCareType: z.enum(['inpatient', 'outpatient']),
  /** Inpatient bills only. */
  admission: z
    .strictObject({ admitDate: IsoDateSchema, dischargeDate: IsoDateSchema, diagnosis: DiagnosisSchema })
    .optional(),
  /** The hospital's visit number (住院号 / 门诊号): how crossclaim matches a bill to a claim. */
  visitNo: z.string().min(1).optional(),
  totalAmtFen: FenSchema,
  /** Paid by the pooled fund at the hospital (direct settlement). */
  fundPayFen: FenSchema,
  /** Paid from the insured's personal account. */
  accountPayFen: FenSchema,
  /** Paid by the person in cash. */
  ownPayFen: FenSchema,
  /** Of the total, what is self-pay by nature (category C and the like). */
  selfPayAmtFen: FenSchema,
  /** true: the fund already paid at the hospital, so there is nothing to reimburse. */
  settledDirectly: z.boolean(),
  status: z.enum(['issued', 'voided']),
  reversalOf: BillReferenceSchema.nullable(),
  listDetail: z.array(EBillLineSchema).min(1, { error: 'must list at least one item' }),
};

type EBillContent = z.infer<z.ZodObject<typeof eBillShape>>;

/** The facts that relate fields to each other; each issue points at the field to look at. */
function checkConsistency(bill: EBillContent, ctx: z.core.$RefinementCtx<EBillContent>): void {
  const issue = (path: PropertyKey[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message, input: bill });
  };

  let linesSum = 0n;
  bill.listDetail.forEach((line, i) => {
    linesSum += BigInt(line.amountFen);
    if (line.qty !== undefined && line.unitPriceFen !== undefined) {
      const qtyThousandths = BigInt(Math.round(line.qty * 1000));
      if (qtyThousandths * BigInt(line.unitPriceFen) !== BigInt(line.amountFen) * 1000n) {
        issue(
          ['listDetail', i, 'amountFen'],
          `is ${line.amountFen}, but qty ${line.qty} × unitPriceFen ${line.unitPriceFen} makes ${line.qty * line.unitPriceFen}`,
        );
      }
    }
    if (line.selfPayFirstPct !== undefined && line.medicalCareType !== 2) {
      issue(['listDetail', i, 'selfPayFirstPct'], 'only category B items (medicalCareType 2) have one');
    }
  });
  if (linesSum !== BigInt(bill.totalAmtFen)) {
    issue(['totalAmtFen'], `is ${bill.totalAmtFen}, but the listDetail amounts sum to ${linesSum}`);
  }

  const paid = bill.fundPayFen + bill.accountPayFen + bill.ownPayFen;
  if (paid !== bill.totalAmtFen) {
    issue(
      ['ownPayFen'],
      `fundPayFen + accountPayFen + ownPayFen is ${paid}, not totalAmtFen ${bill.totalAmtFen}`,
    );
  }
  if (bill.selfPayAmtFen > bill.totalAmtFen) {
    issue(['selfPayAmtFen'], `is ${bill.selfPayAmtFen}, more than totalAmtFen ${bill.totalAmtFen}`);
  }

  if (bill.medicalCareType === 'inpatient' && bill.admission === undefined) {
    issue(['admission'], 'is required on an inpatient bill');
  }
  if (bill.admission && bill.admission.dischargeDate < bill.admission.admitDate) {
    issue(['admission', 'dischargeDate'], `is before admitDate ${bill.admission.admitDate}`);
  }

  if (
    bill.reversalOf &&
    bill.reversalOf.billBatchCode === bill.billBatchCode &&
    bill.reversalOf.billNo === bill.billNo
  ) {
    issue(['reversalOf'], 'names the bill itself');
  }
}

/**
 * The content of an e-bill, without its signature. Unknown top-level keys (the signature
 * among them) are dropped, so it accepts a signed bill too and yields what is signed.
 */
export const EBillSchema = z.object(eBillShape).superRefine(checkConsistency);
export type EBill = z.infer<typeof EBillSchema>;

/** The date of treatment a bill is for: the admission for a stay, the bill's date for a visit. */
export const serviceDateOf = (bill: Pick<EBill, 'admission' | 'issueDate'>): string =>
  bill.admission?.admitDate ?? bill.issueDate;

export const EBillSignatureSchema = z.strictObject({
  alg: z.literal('Ed25519'),
  /** A key id from the hospital key registry, e.g. 'H33060200001-2026'. */
  keyId: z.string().min(1),
  /** base64 of the Ed25519 signature over the canonical JSON of every field but this one. */
  value: z.string().min(1),
});
export type EBillSignature = z.infer<typeof EBillSignatureSchema>;

/**
 * A bill as it crosses a trust boundary (the hospital API, an EBill.Issued event). Strict:
 * a key the schema does not know is refused here rather than silently dropped, so what is
 * verified is exactly what was received.
 */
export const SignedEBillSchema = z
  .strictObject({ ...eBillShape, signature: EBillSignatureSchema })
  .superRefine(checkConsistency);
export type SignedEBill = z.infer<typeof SignedEBillSchema>;

// The schema and its type under one name, for `import { EBill } from './ebill'` at call sites.
export const EBill = EBillSchema;
export const SignedEBill = SignedEBillSchema;

/** The bill's lifelong identity as a key, the duplicate guard's partition key (DESIGN §4). */
export function ebillIdentity(bill: BillReference): `BILL#${string}#${string}` {
  return `BILL#${bill.billBatchCode}#${bill.billNo}`;
}

const CATEGORY_BY_CARE_TYPE = { 1: 'A', 2: 'B', 3: 'C' } as const satisfies Record<
  BillItemCategory,
  ClaimItem['category']
>;

/**
 * The bill's lines as the adjudication engine's items. Maps every line; whether the bill
 * may be reimbursed at all (voided, a reversal, settled directly) is the verifier's call.
 */
export function ebillItemsToClaimItems(bill: Pick<EBill, 'listDetail'>): ClaimItem[] {
  return bill.listDetail.map((line) => ({
    code: line.code,
    name: line.nameEn ? `${line.name} (${line.nameEn})` : line.name,
    category: CATEGORY_BY_CARE_TYPE[line.medicalCareType],
    amountFen: line.amountFen,
    ...(line.selfPayFirstPct !== undefined && { selfPayFirstPct: line.selfPayFirstPct }),
  }));
}
