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
import { InvalidInputError, parseOrThrow, type InputIssue } from './validation';
import { VERIFICATION_FINDINGS, type FindingCode, type Route } from './verification';
import { DEFAULT_CATALOGUE_RULES, type CatalogueRules } from './catalogue';

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

const FindingCodeSchema = z.enum(Object.keys(VERIFICATION_FINDINGS) as [FindingCode, ...FindingCode[]]);
const HoursSchema = z
  .number()
  .int()
  .min(1, { error: 'must be at least 1 hour' })
  .max(24 * 365);
const DaysSchema = z.number().int().min(1, { error: 'must be at least 1 day' }).max(3650);

/**
 * Routing to a clerk and the clocks of people's work, as data: every field is optional, and
 * what a policy leaves out comes from DEFAULT_REVIEW_RULES.
 */
const ReviewSchema = z.strictObject({
  /** A claim whose benefit is above this goes to a clerk before payout. */
  benefitAboveFen: FenSchema.optional(),
  /** A clerk's approval or adjustment of a benefit above this needs a second clerk (maker-checker). */
  secondClerkAboveFen: FenSchema.optional(),
  /** A paper receipt field read with less confidence than this is not paid on: a clerk looks. */
  receiptConfidenceBelow: z.number().min(0).max(1).optional(),
  /** This share of the claims the machine would pay goes to a clerk anyway, for quality control. */
  qualitySamplePct: z.number().min(0).max(100).optional(),
  /** Verification findings routed otherwise than by default (domain/verification.ts). */
  verificationRoutes: z.partialRecord(FindingCodeSchema, z.enum(['reject', 'review'])).optional(),
  /** A case waiting for a clerk longer than this is escalated to the supervisor. */
  clerkSlaHours: HoursSchema.optional(),
  /** A claim waiting longer than this for its e-bill goes to a clerk. */
  eBillWaitHours: HoursSchema.optional(),
  /** How long a citizen has to answer a clerk's request for information before the claim closes. */
  infoDeadlineDays: DaysSchema.optional(),
  /** How long after a claim is decided the citizen may appeal. */
  appealWindowDays: DaysSchema.optional(),
});

/**
 * Serious-illness insurance (大病保险): the second tier. It pays on a person's eligible
 * self-paid costs of the year after the basic fund (合规自付: the deductible, the coinsurance
 * and what the basic fund's annual cap left over), above a yearly threshold, in bands with
 * their own ratios, up to its own annual cap. What the basic fund's cap leaves over is in the
 * base, so the tier also pays above the basic cap.
 */
const SeriousIllnessBandSchema = z.strictObject({
  /** Where the band starts, in eligible self-paid cost above the threshold (the first band starts at 0). */
  fromFen: FenSchema,
  ratioPct: PercentSchema,
});

export const SeriousIllnessSchema = z
  .strictObject({
    /** The care types whose costs count towards the tier. */
    careTypes: z.array(CareTypeSchema).min(1),
    /** The yearly threshold (起付线) of eligible self-paid costs: the tier pays on costs above it. */
    thresholdFen: FenSchema,
    /** Bands by eligible self-paid cost above the threshold, ascending; each runs to the next one's start. */
    bands: z.array(SeriousIllnessBandSchema).min(1),
    /** The most the tier pays a person in a year. */
    annualCapFen: FenSchema,
  })
  .refine((t) => t.bands[0]?.fromFen === 0, { error: 'the first band must start at 0', path: ['bands'] })
  .refine((t) => t.bands.every((b, i) => i === 0 || b.fromFen > (t.bands[i - 1]?.fromFen ?? 0)), {
    error: 'bands must start at strictly ascending amounts',
    path: ['bands'],
  });
export type SeriousIllness = z.infer<typeof SeriousIllnessSchema>;

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
    /** When the machine must not decide alone, and how long people may take (optional; DEFAULT_REVIEW_RULES otherwise). */
    review: ReviewSchema.optional(),
    /**
     * What happens to bill lines the home region's catalogue (医保目录) does not confirm. The
     * catalogue's category always decides the money; these say whether a clerk looks as well
     * (optional; DEFAULT_CATALOGUE_RULES otherwise).
     */
    catalogue: z
      .strictObject({
        unknownCode: z.enum(['review', 'self_pay']).optional(),
        billMoreFavourable: z.enum(['review', 'pay_by_catalogue']).optional(),
      })
      .optional(),
    /**
     * Serious-illness insurance (optional: a policy without it has one tier). A policy file
     * kept verbatim from elsewhere gets it from a tier file instead (`withSeriousIllness`).
     */
    seriousIllness: SeriousIllnessSchema.optional(),
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

/**
 * A serious-illness tier kept in its own file (policies/serious-illness/<policy file>), for a
 * policy whose own file must stay exactly as it was received: it names the policy and version
 * it belongs to, so it cannot silently attach to another.
 */
export const SeriousIllnessTierFileSchema = z.strictObject({
  policyId: z.string().min(1),
  policyVersion: z.number().int().min(1),
  seriousIllness: SeriousIllnessSchema,
});
export type SeriousIllnessTierFile = z.infer<typeof SeriousIllnessTierFileSchema>;

/** The policy with its tier file's serious-illness section: the tier must name it, and must not replace one it has. */
export function withSeriousIllness(
  policy: Policy,
  tierFile: unknown,
  subject = 'serious-illness tier',
): Policy {
  const tier = parseOrThrow(SeriousIllnessTierFileSchema, tierFile, subject);
  const issues: InputIssue[] = [];
  if (tier.policyId !== policy.id || tier.policyVersion !== policy.version)
    issues.push({
      path: 'policyId',
      message: `names ${tier.policyId} v${tier.policyVersion}, but the policy is ${policy.id} v${policy.version}`,
    });
  if (policy.seriousIllness)
    issues.push({
      path: 'seriousIllness',
      message: `policy ${policy.id} already has its own serious-illness tier`,
    });
  if (issues.length > 0) throw new InvalidInputError(subject, issues);
  return { ...policy, seriousIllness: tier.seriousIllness };
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

/** One serious-illness band in absolute terms: eligible self-paid cost of the year from..to. */
export interface CompiledBand {
  fromFen: number;
  /** Exclusive; Infinity for the last band. */
  toFen: number;
  ratioPct: number;
}

export interface CompiledSeriousIllness {
  careTypes: ReadonlySet<CareType>;
  thresholdFen: number;
  bands: readonly CompiledBand[];
  annualCapFen: number;
}

/**
 * A policy validated once and turned into lookup tables: adjudicating a claim is then a few
 * property reads and integer operations per line, with no parsing or branching on policy shape.
 */
export interface ReviewRules {
  benefitAboveFen: number;
  secondClerkAboveFen: number;
  receiptConfidenceBelow: number;
  qualitySamplePct: number;
  verificationRoutes: Partial<Record<FindingCode, Route>>;
  clerkSlaHours: number;
  eBillWaitHours: number;
  infoDeadlineDays: number;
  appealWindowDays: number;
}

/**
 * For what a policy does not say: above 50,000.00 yuan a clerk looks first and above
 * 100,000.00 yuan a second clerk checks; receipts are paid on at 0.8 confidence; no random
 * sample; a clerk has 3 days, a hospital 3 days to issue its e-bill, a citizen 14 days to
 * answer; appeals within 60 days (the usual window for 医保 reconsideration requests).
 */
export const DEFAULT_REVIEW_RULES: ReviewRules = {
  benefitAboveFen: 5_000_000,
  secondClerkAboveFen: 10_000_000,
  receiptConfidenceBelow: 0.8,
  qualitySamplePct: 0,
  verificationRoutes: {},
  clerkSlaHours: 72,
  eBillWaitHours: 72,
  infoDeadlineDays: 14,
  appealWindowDays: 60,
};

const definedOnly = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

export interface CompiledPolicy {
  readonly source: Policy;
  readonly id: string;
  readonly version: number;
  readonly categoryBSelfPayFirstPct: number;
  readonly review: ReviewRules;
  readonly catalogue: CatalogueRules;
  readonly careTypes: Partial<Record<CareType, CompiledCareType>>;
  readonly seriousIllness?: CompiledSeriousIllness;
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

function compileSeriousIllness(tier: SeriousIllness): CompiledSeriousIllness {
  return {
    careTypes: new Set(tier.careTypes),
    thresholdFen: tier.thresholdFen,
    bands: tier.bands.map((band, i) => ({
      fromFen: tier.thresholdFen + band.fromFen,
      toFen: tier.thresholdFen + (tier.bands[i + 1]?.fromFen ?? Infinity),
      ratioPct: band.ratioPct,
    })),
    annualCapFen: tier.annualCapFen,
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
    review: { ...DEFAULT_REVIEW_RULES, ...definedOnly(policy.review) } as ReviewRules,
    catalogue: { ...DEFAULT_CATALOGUE_RULES, ...definedOnly(policy.catalogue) } as CatalogueRules,
    careTypes,
    ...(policy.seriousIllness && { seriousIllness: compileSeriousIllness(policy.seriousIllness) }),
  };
}
