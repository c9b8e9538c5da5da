import { z } from 'zod';
import type { ClaimReason } from './claim';
import type { YearToDateTotals } from './claim-adjudication';
import {
  CareTypeSchema,
  FenSchema,
  FilingTypeSchema,
  InsuredStatusSchema,
  IsoDateSchema,
  type CareType,
} from './schema-primitives';

/**
 * What the home region's medical-insurance core system knows of a person, as crossclaim reads
 * it: enrolment (参保信息), cross-province filings (异地就医备案) and the year's totals across
 * every channel (人员累计信息), direct settlement at hospitals included. These facts decide the
 * money; the citizen's claim form does not carry them.
 */

/** The filing types a person can hold; "unfiled" is what a stay without one is. */
export const HomeFilingTypeSchema = z.enum(['long_term', 'transfer', 'emergency', 'other_temp']);
export type HomeFilingType = z.infer<typeof HomeFilingTypeSchema>;

export const HomeFilingSchema = z
  .strictObject({
    type: HomeFilingTypeSchema,
    /** The province filed for (its 6-digit code, e.g. 310000 Shanghai); any province when absent. */
    provinceCode: z
      .string()
      .regex(/^\d{2}0000$/, { error: 'must be a 6-digit province code ending in 0000' })
      .optional(),
    from: IsoDateSchema,
    to: IsoDateSchema,
  })
  .refine((f) => f.from <= f.to, { error: 'from must not be after to', path: ['to'] });
export type HomeFiling = z.infer<typeof HomeFilingSchema>;

export const EnrolmentSchema = z
  .strictObject({
    scheme: z.string().regex(/^[a-z_]+$/),
    status: InsuredStatusSchema,
    homeRegion: z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit region code' }),
    activeFrom: IsoDateSchema,
    /** Null while the enrolment is open. */
    activeTo: IsoDateSchema.nullable(),
  })
  .refine((e) => e.activeTo === null || e.activeFrom <= e.activeTo, {
    error: 'activeFrom must not be after activeTo',
    path: ['activeTo'],
  });
export type Enrolment = z.infer<typeof EnrolmentSchema>;

const ByCareTypeFen = z.strictObject({ inpatient: FenSchema, outpatient: FenSchema });

/** One payout crossclaim reported, as the home region counted it in its totals. */
export const ReportedSettlementSchema = z.strictObject({
  /** crossclaim's idempotency key of the payout (the claim id, or the claim id and the appeal). */
  key: z.string().min(1).max(100),
  careType: CareTypeSchema,
  fundPaidFen: z.number().int(),
  deductibleFen: z.number().int(),
  /** Whether the payout counted an inpatient stay (an appeal's difference does not). */
  admission: z.boolean(),
  /** The serious-illness tier's part of the payout (not in fundPaidFen), and what it added to the tier's base. */
  seriousIllnessFen: z.number().int().default(0),
  seriousIllnessBaseFen: z.number().int().default(0),
});
export type ReportedSettlement = z.infer<typeof ReportedSettlementSchema>;

/** The year's totals across every channel: direct settlement, other claims, crossclaim's reports. */
export const HomeYearToDateSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  fundPaidFen: ByCareTypeFen,
  deductibleMetFen: ByCareTypeFen,
  /** Inpatient stays of the year, whatever channel settled them. */
  admissions: z.number().int().min(0),
  /** What serious-illness insurance (大病保险) paid this year, every channel. */
  seriousIllnessPaidFen: FenSchema.default(0),
  /**
   * The eligible self-paid costs of the year the tier counted (合规自付累计: deductible,
   * coinsurance and what the basic cap left over), every channel: the base its threshold and
   * bands apply to.
   */
  seriousIllnessBaseFen: FenSchema.default(0),
  /** crossclaim's own reports included in the figures above, by key. */
  reported: z.array(ReportedSettlementSchema).default([]),
});
export type HomeYearToDate = z.infer<typeof HomeYearToDateSchema>;

/** GET /insured/{idNumberHash}?year=YYYY: the person's record, or enrolment null if unknown. */
export const HomeRegionRecordSchema = z.strictObject({
  enrolment: EnrolmentSchema.nullable(),
  filings: z.array(HomeFilingSchema),
  yearToDate: HomeYearToDateSchema,
});
export type HomeRegionRecord = z.infer<typeof HomeRegionRecordSchema>;

export const UnfiledReasonSchema = z.enum(['no_filing', 'expired', 'not_yet_valid', 'other_province']);
export type UnfiledReason = z.infer<typeof UnfiledReasonSchema>;

/** What eligibility learned from the record for one claim: kept on the case, used for money. */
export const CoverageSchema = z.object({
  scheme: z.string(),
  status: InsuredStatusSchema,
  homeRegion: z.string(),
  filingType: FilingTypeSchema,
  /** The filing in force on the service date, if any. */
  filing: HomeFilingSchema.optional(),
  /** When the filing decided "unfiled": why (no filing, expired, other province, not yet valid). */
  unfiledBecause: UnfiledReasonSchema.optional(),
  checkedAt: z.string().min(1),
});
export type Coverage = z.infer<typeof CoverageSchema>;

export type CoverageDecision =
  { insured: false; reason: ClaimReason } | { insured: true; coverage: Omit<Coverage, 'checkedAt'> };

/** Filing types in the order a person with several in force is treated under (the best first). */
const FILING_PREFERENCE: readonly HomeFilingType[] = ['long_term', 'transfer', 'emergency', 'other_temp'];

const inForce = (f: HomeFiling, date: string) => f.from <= date && date <= f.to;
const forProvince = (f: HomeFiling, provinceCode: string | undefined) =>
  f.provinceCode === undefined || provinceCode === undefined || f.provinceCode === provinceCode;

/** Why none of a person's filings covers this stay (for the explanation). */
function unfiledReason(filings: readonly HomeFiling[], date: string, provinceCode?: string): UnfiledReason {
  const here = filings.filter((f) => forProvince(f, provinceCode));
  if (filings.length === 0) return 'no_filing';
  if (here.length === 0) return 'other_province';
  if (here.some((f) => f.to < date)) return 'expired';
  return 'not_yet_valid';
}

/**
 * Whether the home region insures the person on the service date, and under which scheme,
 * status and filing. `claimedRegion` is the region the citizen named (where crossclaim asked):
 * an enrolment elsewhere is not cover by this region. `provinceCode` is the hospital's
 * province: a filing for another province does not cover the stay.
 */
export function coverageOn(
  record: HomeRegionRecord,
  serviceDate: string,
  claimedRegion: string,
  provinceCode?: string,
): CoverageDecision {
  const { enrolment } = record;
  const notInsured = (detail: string): CoverageDecision => ({
    insured: false,
    reason: {
      code: 'NOT_INSURED',
      zh: '参保地医保系统显示就医日期时未参保',
      en: 'the home region’s insurance system has no enrolment on the date of treatment',
      detail,
    },
  });
  if (!enrolment) return notInsured(`region ${claimedRegion} has no enrolment for this person`);
  if (enrolment.homeRegion !== claimedRegion)
    return notInsured(`enrolled in region ${enrolment.homeRegion}, not ${claimedRegion}`);
  if (serviceDate < enrolment.activeFrom || (enrolment.activeTo !== null && serviceDate > enrolment.activeTo))
    return notInsured(
      `enrolment active ${enrolment.activeFrom} to ${enrolment.activeTo ?? 'open'}; treated ${serviceDate}`,
    );
  const valid = record.filings.filter((f) => inForce(f, serviceDate) && forProvince(f, provinceCode));
  const filing = FILING_PREFERENCE.map((type) => valid.find((f) => f.type === type)).find(Boolean);
  const base = { scheme: enrolment.scheme, status: enrolment.status, homeRegion: enrolment.homeRegion };
  if (filing) return { insured: true, coverage: { ...base, filingType: filing.type, filing } };
  return {
    insured: true,
    coverage: {
      ...base,
      filingType: 'unfiled',
      unfiledBecause: unfiledReason(record.filings, serviceDate, provinceCode),
    },
  };
}

export const UNFILED_WORDS: Record<UnfiledReason, { zh: string; en: string }> = {
  no_filing: { zh: '参保地无异地就医备案记录', en: 'the home region has no cross-province filing' },
  expired: { zh: '异地就医备案在就医日期前已过期', en: 'the cross-province filing expired before treatment' },
  not_yet_valid: {
    zh: '异地就医备案在就医日期尚未生效',
    en: 'the cross-province filing was not yet valid on the date of treatment',
  },
  other_province: {
    zh: '异地就医备案所备省份与就医医院不符',
    en: 'the cross-province filing is for another province than the hospital’s',
  },
};

/** The part of crossclaim's own year totals the home region has not counted yet. */
export interface OwnTotals {
  fundPaidFen: Record<CareType, number>;
  deductibleMetFen: Record<CareType, number>;
  admissions: number;
  seriousIllnessPaidFen?: number;
  seriousIllnessBaseFen?: number;
}

/**
 * The year's totals a claim is adjudicated against: the home region's figures (every channel,
 * including the crossclaim payouts it has already counted) plus crossclaim's own payouts it
 * has not counted yet. A payout is in `own` from the moment it is recorded; once the home
 * region lists its key as counted it is taken out of `own` again, so it counts exactly once
 * whichever side of the report a reading falls on.
 */
export function combinedTotals(home: HomeYearToDate, own: OwnTotals): YearToDateTotals {
  const counted = {
    fundPaidFen: zeroByCareType(),
    deductibleMetFen: zeroByCareType(),
    admissions: 0,
    seriousIllnessPaidFen: 0,
    seriousIllnessBaseFen: 0,
  };
  for (const r of home.reported) {
    counted.fundPaidFen[r.careType] += r.fundPaidFen;
    counted.deductibleMetFen[r.careType] += r.deductibleFen;
    counted.seriousIllnessPaidFen += r.seriousIllnessFen;
    counted.seriousIllnessBaseFen += r.seriousIllnessBaseFen;
    if (r.admission) counted.admissions += 1;
  }
  const unreported = (mine: number, theirs: number) => Math.max(0, mine - theirs);
  const byCareType = (key: 'fundPaidFen' | 'deductibleMetFen') =>
    Object.fromEntries(
      CareTypeSchema.options.map((c) => [c, home[key][c] + unreported(own[key][c], counted[key][c])]),
    ) as Record<CareType, number>;
  return {
    fundPaidFen: byCareType('fundPaidFen'),
    deductibleMetFen: byCareType('deductibleMetFen'),
    admissions: home.admissions + unreported(own.admissions, counted.admissions),
    seriousIllnessPaidFen:
      home.seriousIllnessPaidFen + unreported(own.seriousIllnessPaidFen ?? 0, counted.seriousIllnessPaidFen),
    seriousIllnessBaseFen:
      home.seriousIllnessBaseFen + unreported(own.seriousIllnessBaseFen ?? 0, counted.seriousIllnessBaseFen),
  };
}

export const zeroByCareType = (): Record<CareType, number> => ({ inpatient: 0, outpatient: 0 });

/** A payout as crossclaim reports it to the home region (POST /settlements), once per key. */
export const SettlementReportSchema = z.strictObject({
  key: z.string().min(1).max(100),
  idNumberHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  homeRegion: z.string().regex(/^\d{6}$/),
  claimId: z.string().min(1),
  serviceDate: IsoDateSchema,
  careType: CareTypeSchema,
  fundPaidFen: z.number().int(),
  deductibleFen: z.number().int(),
  /** The serious-illness tier's part of the payout; `fundPaidFen` is the basic fund's only. */
  seriousIllnessFen: z.number().int().default(0),
  /** What the payout added to the tier's base of the year (eligible self-paid costs). */
  seriousIllnessBaseFen: z.number().int().default(0),
  admission: z.boolean(),
});
export type SettlementReport = z.input<typeof SettlementReportSchema>;
