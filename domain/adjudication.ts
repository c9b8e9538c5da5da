import type { AdjudicationCase, ClaimItem } from './adjudication-case';
import { explainCap, explainClaim, explainLine, formatRatio, type Bilingual } from './explanation';
import { mulDivHalfUp, percentOf, sumFen, type Fen } from './money';
import { BP_PER_UNIT, type CompiledCareType, type CompiledPolicy, type CompiledRatio } from './policy';
import type { CareType, ItemCategory } from './schema-primitives';

/**
 * The amounts of one item, named after FHIR ClaimResponse adjudication categories.
 * Every fen of `submittedFen` lands in exactly one of:
 *   selfPay (category C) + selfPayFirst (category B share) + deductible + coinsurance
 *   + overCap + benefit.
 * `eligibleFen` = submitted − selfPay − selfPayFirst. `benefitFen` is the basic fund's;
 * `seriousIllnessFen` is what serious-illness insurance (the second tier) pays of the line's
 * eligible self-paid part (deductible + coinsurance + overCap);
 * `patientPaysFen` = submitted − benefit − seriousIllness.
 */
export interface LineAmounts {
  submittedFen: Fen;
  selfPayFen: Fen;
  selfPayFirstFen: Fen;
  eligibleFen: Fen;
  deductibleFen: Fen;
  coinsuranceFen: Fen;
  overCapFen: Fen;
  benefitFen: Fen;
  seriousIllnessFen: Fen;
  patientPaysFen: Fen;
}

/**
 * What the citizen is paid for a claim or line: the basic fund's benefit and the serious-illness
 * tier's (absent on results stored before the tier existed).
 */
export const paidToCitizenFen = (a: { benefitFen: Fen; seriousIllnessFen?: Fen }): Fen =>
  a.benefitFen + (a.seriousIllnessFen ?? 0);

export interface AdjudicationLine extends LineAmounts {
  /** 1-based position of the item in the bill. */
  seq: number;
  code: string;
  name: string;
  category: ItemCategory;
  reason: Bilingual;
  /** Set when a clerk allowed less of this line than was billed. */
  adjustment?: { allowedFen: Fen; disallowedFen: Fen; reason: string };
}

/** A clerk's cap on one line (by its 1-based seq): only `allowedFen` of it is considered. */
export interface LineCap {
  seq: number;
  allowedFen: Fen;
  reason: string;
}

export interface AdjudicationResult extends LineAmounts {
  caseId: string;
  policyId: string;
  policyVersion: number;
  careType: CareType;
  /** The fund's share above the deductible, after the filing adjustment, in basis points. */
  ratioBp: number;
  /** The deductible that applied to this claim (before it met the lines). */
  deductibleDueFen: Fen;
  /** What the annual cap still allowed before this claim. */
  capLeftFen: Fen;
  /** The basic fund's annual cap for the care type (absent on results stored before it was kept). */
  annualCapFen?: Fen;
  /** The serious-illness tier's terms for this claim, when the policy has the tier for its care type. */
  seriousIllness?: SeriousIllnessTerms;
  lines: AdjudicationLine[];
  /** Claim-level explanation: deductible, ratio and filing, cap. */
  notes: Bilingual[];
  /** The outside facts the result was computed on (set by the claim workflow, not the engine). */
  basis?: AdjudicationBasis;
}

/** Which year totals and which catalogue a claim's result rests on. */
export interface AdjudicationBasis {
  yearToDate: {
    fundPaidFen: Fen;
    deductibleMetFen: Fen;
    admissions: number;
    /** The serious-illness tier's year (absent on results stored before the tier). */
    seriousIllnessPaidFen?: Fen;
    seriousIllnessBaseFen?: Fen;
  };
  /** The home region's catalogue that decided the categories; absent: the bill's categories. */
  catalogue?: { region: string; version: string; corrections: number };
  /** Why a clerk must look, from the catalogue (unknown codes, categories in the citizen's favour). */
  reviewReasons: { code: string; zh: string; en: string; detail?: string }[];
}

/** Where a claim starts in the serious-illness tier's year. */
export interface SeriousIllnessTerms {
  thresholdFen: Fen;
  annualCapFen: Fen;
  /** Eligible self-paid costs the tier counted this year before this claim. */
  baseBeforeFen: Fen;
  /** What the tier paid this year before this claim. */
  paidBeforeFen: Fen;
  /** What the tier's cap still allowed before this claim. */
  capLeftFen: Fen;
}

/** Why a claim's numbers are what they are, computed before the lines are walked. */
export interface ClaimTerms {
  careType: CareType;
  deductibleBaseFen: Fen;
  deductibleFactorPct: number;
  deductibleDueFen: Fen;
  ratio: CompiledRatio;
  annualCapFen: Fen;
  capLeftFen: Fen;
  seriousIllness?: SeriousIllnessTerms;
}

function careTypeRules(policy: CompiledPolicy, careType: CareType): CompiledCareType {
  const rules = policy.careTypes[careType];
  if (!rules) throw new RangeError(`policy ${policy.id} has no rules for ${careType}`);
  return rules;
}

export function claimTerms(policy: CompiledPolicy, c: AdjudicationCase): ClaimTerms {
  const { careType, hospitalLevel, filingType, admissionSeqInYear } = c.encounter;
  const rules = careTypeRules(policy, careType);
  const status = c.insured.status;
  const deductibleBaseFen = rules.deductibleFen[status][hospitalLevel];
  let deductibleFactorPct = 100;
  let deductibleDueFen: Fen;
  if (rules.deductiblePer === 'admission') {
    if (admissionSeqInYear === undefined)
      throw new RangeError(`case ${c.caseId}: admissionSeqInYear is required`);
    const factors = rules.admissionFactorPct;
    deductibleFactorPct = factors[Math.min(admissionSeqInYear, factors.length) - 1] ?? 100;
    deductibleDueFen = percentOf(deductibleBaseFen, deductibleFactorPct);
  } else {
    deductibleDueFen = Math.max(0, deductibleBaseFen - c.yearToDate.deductibleMetFen);
  }
  const tier = policy.seriousIllness;
  const paidBeforeFen = c.yearToDate.seriousIllnessPaidFen ?? 0;
  const seriousIllness: SeriousIllnessTerms | undefined =
    tier && tier.careTypes.has(careType)
      ? {
          thresholdFen: tier.thresholdFen,
          annualCapFen: tier.annualCapFen,
          baseBeforeFen: c.yearToDate.seriousIllnessBaseFen ?? 0,
          paidBeforeFen,
          capLeftFen: Math.max(0, tier.annualCapFen - paidBeforeFen),
        }
      : undefined;
  return {
    careType,
    deductibleBaseFen,
    deductibleFactorPct,
    deductibleDueFen,
    ratio: rules.ratio[status][hospitalLevel][filingType],
    annualCapFen: rules.annualCapFen,
    capLeftFen: Math.max(0, rules.annualCapFen - c.yearToDate.fundPaidFen),
    ...(seriousIllness && { seriousIllness }),
  };
}

/**
 * The serious-illness tier's share of a slice of the year's eligible self-paid costs, from
 * `before` to `before + amount`: each band's ratio on the part of the slice inside it, the sum
 * rounded half up once. Below the threshold no band applies.
 */
export function seriousIllnessShare(bands: CompiledPolicy['seriousIllness'], before: Fen, amount: Fen): Fen {
  if (!bands || amount <= 0) return 0;
  let pctFen = 0;
  const end = before + amount;
  for (const band of bands.bands) {
    const inside = Math.min(end, band.toFen) - Math.max(before, band.fromFen);
    if (inside > 0) pctFen += inside * band.ratioPct;
  }
  return mulDivHalfUp(pctFen, 1, 100);
}

/** The category rule: how much of an item is not covered at all (C), and how much is paid first (B). */
function selfPayOf(item: ClaimItem): Fen {
  return item.category === 'C' ? item.amountFen : 0;
}

function selfPayFirstOf(item: ClaimItem, selfPayFirstPct: number): Fen {
  return item.category === 'B' ? percentOf(item.amountFen, selfPayFirstPct) : 0;
}

/** Every amount of a line and of a claim, in the order the EOB and the totals list them. */
export const AMOUNT_KEYS = [
  'submittedFen',
  'selfPayFen',
  'selfPayFirstFen',
  'eligibleFen',
  'deductibleFen',
  'coinsuranceFen',
  'overCapFen',
  'benefitFen',
  'seriousIllnessFen',
  'patientPaysFen',
] as const satisfies readonly (keyof LineAmounts)[];

/**
 * Adjudicates one case under a compiled policy. Pure: no I/O, no clock, no AWS.
 * Order of operations per item, in bill order: category rule → eligible → deductible
 * (taken from the lines in order until met) → fund ratio after the filing adjustment →
 * annual cap (what is left of it, consumed in line order) → serious-illness tier on the line's
 * eligible self-paid part (its place in the year's bands moves on line by line; its cap is
 * consumed in line order). Each amount of a line is rounded once, half up, to the fen; totals
 * are sums of lines.
 *
 * The case must already be valid against the policy (`checkCaseAgainstPolicy`).
 */
export function adjudicate(
  policy: CompiledPolicy,
  c: AdjudicationCase,
  lineCaps: readonly LineCap[] = [],
): AdjudicationResult {
  const terms = claimTerms(policy, c);
  const caps = lineCaps.length > 0 ? new Map(lineCaps.map((cap) => [cap.seq, cap])) : undefined;
  let deductibleLeft = terms.deductibleDueFen;
  let capLeft = terms.capLeftFen;
  const tier = terms.seriousIllness ? policy.seriousIllness : undefined;
  let tierBase = terms.seriousIllness?.baseBeforeFen ?? 0;
  let tierCapLeft = terms.seriousIllness?.capLeftFen ?? 0;
  const ratioText = formatRatio(terms.ratio.bp);
  const lines: AdjudicationLine[] = c.items.map((billed, index) => {
    // A clerk's cap takes the disallowed part out first: it is the patient's, like a category C
    // amount, and the category rule then applies to what is left.
    const cap = caps?.get(index + 1);
    const disallowed = cap ? Math.max(0, billed.amountFen - cap.allowedFen) : 0;
    const item = disallowed > 0 ? { ...billed, amountFen: billed.amountFen - disallowed } : billed;
    const selfPayFirstPct = item.selfPayFirstPct ?? policy.categoryBSelfPayFirstPct;
    const selfPay = selfPayOf(item) + disallowed;
    const selfPayFirst = selfPayFirstOf(item, selfPayFirstPct);
    const eligible = billed.amountFen - selfPay - selfPayFirst;
    const deductible = Math.min(eligible, deductibleLeft);
    deductibleLeft -= deductible;
    const aboveDeductible = eligible - deductible;
    const fundShare = mulDivHalfUp(aboveDeductible, terms.ratio.bp, BP_PER_UNIT);
    const benefit = Math.min(fundShare, capLeft);
    capLeft -= benefit;
    // What the basic fund left of the eligible amount is the tier's base (合规自付).
    const selfPaidEligible = eligible - benefit;
    const seriousIllness = tier
      ? Math.min(seriousIllnessShare(tier, tierBase, selfPaidEligible), tierCapLeft)
      : 0;
    tierBase += selfPaidEligible;
    tierCapLeft -= seriousIllness;
    const line: Omit<AdjudicationLine, 'reason'> = {
      seq: index + 1,
      code: item.code,
      name: item.name,
      category: item.category,
      submittedFen: billed.amountFen,
      selfPayFen: selfPay,
      selfPayFirstFen: selfPayFirst,
      eligibleFen: eligible,
      deductibleFen: deductible,
      coinsuranceFen: aboveDeductible - fundShare,
      overCapFen: fundShare - benefit,
      benefitFen: benefit,
      seriousIllnessFen: seriousIllness,
      patientPaysFen: billed.amountFen - benefit - seriousIllness,
    };
    const reason = explainLine(item.category, selfPayFirstPct, line, ratioText);
    if (!cap || disallowed === 0) return Object.assign(line, { reason });
    return Object.assign(line, {
      reason: explainCap(disallowed, cap.reason, reason),
      adjustment: {
        allowedFen: billed.amountFen - disallowed,
        disallowedFen: disallowed,
        reason: cap.reason,
      },
    });
  });
  const totals = {} as LineAmounts;
  for (const key of AMOUNT_KEYS) totals[key] = sumFen(lines.map((l) => l[key]));
  return {
    caseId: c.caseId,
    policyId: policy.id,
    policyVersion: policy.version,
    careType: terms.careType,
    ratioBp: terms.ratio.bp,
    deductibleDueFen: terms.deductibleDueFen,
    capLeftFen: terms.capLeftFen,
    annualCapFen: terms.annualCapFen,
    ...(terms.seriousIllness && { seriousIllness: terms.seriousIllness }),
    ...totals,
    lines,
    notes: explainClaim(c, terms, totals),
  };
}
