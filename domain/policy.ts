import { z } from 'zod';
import {
  CareTypeSchema,
  FenSchema,
  FilingTypeSchema,
  IsoDateSchema,
  PercentSchema,
  type CareType,
  type FilingType,
  type HospitalLevel,
  type InsuredStatus,
} from './schema-primitives';
import { parseOrThrow } from './validation';

/**
 * A home region's reimbursement rules as data: one versioned document per
 * (region, scheme, year). The schema accepts ../shared/data/policies/*.json as they are and
 * rejects unknown keys, so a typo in a policy file is an error rather than a silent default.
 */
const ByLevel = <T extends z.ZodType>(value: T) => z.strictObject({ '1': value, '2': value, '3': value });
const ByStatusAndLevel = <T extends z.ZodType>(value: T) =>
  z.strictObject({ working: ByLevel(value), retired: ByLevel(value) });

const FilingAdjustmentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('subtract_pts'), pts: PercentSchema }),
  z.strictObject({ kind: z.literal('multiply_pct'), pct: PercentSchema }),
]);
export type FilingAdjustment = z.infer<typeof FilingAdjustmentSchema>;

const DeductibleSchema = z.discriminatedUnion('per', [
  z.strictObject({
    per: z.literal('admission'),
    fenByLevel: ByStatusAndLevel(FenSchema),
    factorPctByAdmissionSeq: z.array(PercentSchema).min(1),
  }),
  z.strictObject({ per: z.literal('year'), fenByLevel: ByStatusAndLevel(FenSchema) }),
]);

const CareTypeRulesSchema = z.strictObject({
  deductible: DeductibleSchema,
  ratioPctByLevel: ByStatusAndLevel(PercentSchema),
  annualCapFen: FenSchema,
});
export type CareTypeRules = z.infer<typeof CareTypeRulesSchema>;

export const PolicySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and dashes' }),
    version: z.number().int().min(1),
    region: z.strictObject({
      code: z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit administrative region code' }),
      name: z.string().min(1),
    }),
    scheme: z.string().regex(/^[a-z_]+$/),
    effective: z.strictObject({ from: IsoDateSchema, to: IsoDateSchema }),
    filingDeadlineDays: z.number().int().min(1),
    categoryB: z.strictObject({ defaultSelfPayFirstPct: PercentSchema }),
    filingAdjustment: z.strictObject({
      long_term: FilingAdjustmentSchema,
      transfer: FilingAdjustmentSchema,
      emergency: FilingAdjustmentSchema,
      other_temp: FilingAdjustmentSchema,
      unfiled: FilingAdjustmentSchema,
    }),
    /** When the machine must not decide alone (optional; DEFAULT_REVIEW_RULES otherwise). */
    review: z
      .strictObject({
        /** A claim whose benefit is above this goes to a clerk before payout. */
        benefitAboveFen: FenSchema,
      })
      .optional(),
    careTypes: z
      .strictObject({ inpatient: CareTypeRulesSchema.optional(), outpatient: CareTypeRulesSchema.optional() })
      .refine((c) => c.inpatient !== undefined || c.outpatient !== undefined, {
        error: 'must define at least one care type',
      }),
  })
  .refine((p) => p.effective.from <= p.effective.to, {
    error: 'effective.from must not be after effective.to',
    path: ['effective', 'to'],
  });
export type Policy = z.infer<typeof PolicySchema>;

export function parsePolicy(value: unknown, subject = 'policy'): Policy {
  return parseOrThrow(PolicySchema, value, subject);
}

const LEVELS = [1, 2, 3] as const satisfies readonly HospitalLevel[];
const STATUSES = ['working', 'retired'] as const satisfies readonly InsuredStatus[];
const FILING_TYPES = FilingTypeSchema.options;

/** Basis points (1/100 of a percent) keep "86% × 80%" exact as 6880 bp. */
export const BP_PER_UNIT = 10_000;

/** The fund's share for one (status, level, filing type), with what moved it, for explanations. */
export interface CompiledRatio {
  bp: number;
  basePct: number;
  adjustment: FilingAdjustment;
}

export interface CompiledCareType {
  deductiblePer: 'admission' | 'year';
  /** deductibleFen[status][level] before the admission factor. */
  deductibleFen: Record<InsuredStatus, Record<HospitalLevel, number>>;
  /** factor for the n-th admission of the year at index n-1; the last repeats. */
  admissionFactorPct: readonly number[];
  ratio: Record<InsuredStatus, Record<HospitalLevel, Record<FilingType, CompiledRatio>>>;
  annualCapFen: number;
}

/**
 * A policy validated once and turned into lookup tables: adjudicating a claim is then a few
 * property reads and integer operations per line, with no parsing or branching on policy shape.
 */
export interface ReviewRules {
  benefitAboveFen: number;
}

/** For policies that say nothing about review: above 50,000.00 yuan a person looks first. */
export const DEFAULT_REVIEW_RULES: ReviewRules = { benefitAboveFen: 5_000_000 };

export interface CompiledPolicy {
  readonly source: Policy;
  readonly id: string;
  readonly version: number;
  readonly categoryBSelfPayFirstPct: number;
  readonly review: ReviewRules;
  readonly careTypes: Partial<Record<CareType, CompiledCareType>>;
}

function adjustedRatioBp(basePct: number, adjustment: FilingAdjustment): number {
  switch (adjustment.kind) {
    case 'none':
      return basePct * 100;
    case 'subtract_pts':
      return Math.max(0, basePct - adjustment.pts) * 100;
    case 'multiply_pct':
      // pct × pct is already in basis points: 86 × 80 = 6880 bp = 68.80%.
      return basePct * adjustment.pct;
  }
}

function compileCareType(policy: Policy, rules: CareTypeRules): CompiledCareType {
  const table = <T>(cell: (status: InsuredStatus, level: HospitalLevel) => T) =>
    Object.fromEntries(
      STATUSES.map((s) => [s, Object.fromEntries(LEVELS.map((l) => [l, cell(s, l)]))]),
    ) as Record<InsuredStatus, Record<HospitalLevel, T>>;
  return {
    deductiblePer: rules.deductible.per,
    deductibleFen: table((s, l) => rules.deductible.fenByLevel[s][l]),
    admissionFactorPct:
      rules.deductible.per === 'admission' ? rules.deductible.factorPctByAdmissionSeq : [100],
    ratio: table((s, l) => {
      const basePct = rules.ratioPctByLevel[s][l];
      return Object.fromEntries(
        FILING_TYPES.map((f) => {
          const adjustment = policy.filingAdjustment[f];
          return [f, { bp: adjustedRatioBp(basePct, adjustment), basePct, adjustment }];
        }),
      ) as Record<FilingType, CompiledRatio>;
    }),
    annualCapFen: rules.annualCapFen,
  };
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const careTypes: Partial<Record<CareType, CompiledCareType>> = {};
  for (const careType of CareTypeSchema.options) {
    const rules = policy.careTypes[careType];
    if (rules) careTypes[careType] = compileCareType(policy, rules);
  }
  return {
    source: policy,
    id: policy.id,
    version: policy.version,
    categoryBSelfPayFirstPct: policy.categoryB.defaultSelfPayFirstPct,
    review: { ...DEFAULT_REVIEW_RULES, ...policy.review },
    careTypes,
  };
}
