import { Engine, type Event, type RuleProperties } from 'json-rules-engine';
import { AMOUNT_KEYS, type LineAmounts } from '../../domain/adjudication';
import type { AdjudicationCase } from '../../domain/adjudication-case';
import { mulDivHalfUp, percentOf, type Fen } from '../../domain/money';
import type { FilingAdjustment, Policy } from '../../domain/policy';
import {
  CareTypeSchema,
  FilingTypeSchema,
  type HospitalLevel,
  type InsuredStatus,
} from '../../domain/schema-primitives';

/**
 * The same policy as our engine adjudicates, written the way a team would write it with
 * json-rules-engine 7: the policy file turned into rules as JSON data, evaluated by the
 * Engine, with the arithmetic (which the library does not do) in plain code that reads only
 * the events the rules fired. It is the baseline of bench/adjudicate, so it must be faithful
 * (identical fen on every line, checked before any timing) and reasonable (engines built once
 * and reused, no work a team would not do).
 *
 * Two rule sets, because the policy decides at two grains:
 * - per claim: deductible (by care type, status, level, admission sequence), fund ratio
 *   (by care type, status, level), filing adjustment (by filing type), annual cap;
 * - per line: the category rule (A eligible, B minus a self-pay-first share, C self-pay).
 * Deductible and cap are consumed across lines in bill order, which is state rather than a
 * rule, so the loop over lines carries them. The serious-illness tier (when the policy has one)
 * is a claim rule per care type it covers, whose event carries its threshold, bands and cap; the
 * loop walks each line's eligible self-paid part through the bands.
 */

/** The facts of one claim the claim rules test (a type, not an interface: run() takes a record). */
type ClaimFacts = {
  careType: string;
  insuredStatus: InsuredStatus;
  hospitalLevel: HospitalLevel;
  filingType: string;
  /** null for outpatient visits: a fact the engine can compare and find unequal. */
  admissionSeqInYear: number | null;
};

/** The facts of one bill line the line rules test. */
type LineFacts = {
  category: string;
  /** The item's own category B share, or null when the policy default applies. */
  itemSelfPayFirstPct: number | null;
};

export interface PolicyRuleSets {
  claimRules: RuleProperties[];
  lineRules: RuleProperties[];
}

const LEVELS = [1, 2, 3] as const satisfies readonly HospitalLevel[];
const STATUSES = ['working', 'retired'] as const satisfies readonly InsuredStatus[];

const is = (fact: string, value: unknown) => ({ fact, operator: 'equal', value });

/** The policy file as json-rules-engine rules: plain JSON, one rule per cell of each table. */
export function policyRuleSets(policy: Policy): PolicyRuleSets {
  const claimRules: RuleProperties[] = [];
  for (const careType of CareTypeSchema.options) {
    const rules = policy.careTypes[careType];
    if (!rules) continue;
    for (const status of STATUSES) {
      for (const level of LEVELS) {
        const cell = [is('careType', careType), is('insuredStatus', status), is('hospitalLevel', level)];
        claimRules.push({
          name: `${careType}: deductible, ${status}, level ${level}`,
          conditions: { all: cell },
          event: {
            type: 'deductible',
            params: { per: rules.deductible.per, baseFen: rules.deductible.fenByLevel[status][level] },
          },
        });
        claimRules.push({
          name: `${careType}: fund ratio, ${status}, level ${level}`,
          conditions: { all: cell },
          event: { type: 'fundRatio', params: { basePct: rules.ratioPctByLevel[status][level] } },
        });
      }
    }
    if (rules.deductible.per === 'admission') {
      // The n-th stay of the year scales the deductible by factors[n-1]; the last factor repeats.
      const factors = rules.deductible.factorPctByAdmissionSeq;
      factors.forEach((pct, index) => {
        const last = index === factors.length - 1;
        claimRules.push({
          name: `${careType}: deductible factor, stay ${index + 1}${last ? ' and later' : ''}`,
          conditions: {
            all: [
              is('careType', careType),
              {
                fact: 'admissionSeqInYear',
                operator: last ? 'greaterThanInclusive' : 'equal',
                value: index + 1,
              },
            ],
          },
          event: { type: 'admissionFactor', params: { pct } },
        });
      });
    }
    claimRules.push({
      name: `${careType}: annual cap`,
      conditions: { all: [is('careType', careType)] },
      event: { type: 'annualCap', params: { capFen: rules.annualCapFen } },
    });
  }
  const tier = policy.seriousIllness;
  for (const careType of tier?.careTypes ?? []) {
    if (!tier) break;
    claimRules.push({
      name: `${careType}: serious-illness insurance`,
      conditions: { all: [is('careType', careType)] },
      event: {
        type: 'seriousIllness',
        params: {
          thresholdFen: tier.thresholdFen,
          annualCapFen: tier.annualCapFen,
          // Absolute band limits in eligible self-paid cost of the year; null: no upper end.
          bands: tier.bands.map((band, i) => ({
            fromFen: tier.thresholdFen + band.fromFen,
            toFen: i + 1 < tier.bands.length ? tier.thresholdFen + (tier.bands[i + 1]?.fromFen ?? 0) : null,
            ratioPct: band.ratioPct,
          })),
        },
      },
    });
  }
  for (const filingType of FilingTypeSchema.options) {
    claimRules.push({
      name: `filing adjustment: ${filingType}`,
      conditions: { all: [is('filingType', filingType)] },
      event: { type: 'filingAdjustment', params: { ...policy.filingAdjustment[filingType] } },
    });
  }

  const noShare = { selfPayPct: 0, selfPayFirstPct: 0 };
  const lineRules: RuleProperties[] = [
    {
      name: 'category A: fully eligible',
      conditions: { all: [is('category', 'A')] },
      event: { type: 'categoryShare', params: noShare },
    },
    {
      name: 'category B: the item’s own self-pay-first share',
      conditions: {
        all: [is('category', 'B'), { fact: 'itemSelfPayFirstPct', operator: 'notEqual', value: null }],
      },
      // Resolved from the fact by the engine (replaceFactsInEventParams).
      event: {
        type: 'categoryShare',
        params: { selfPayPct: 0, selfPayFirstPct: { fact: 'itemSelfPayFirstPct' } },
      },
    },
    {
      name: 'category B: the policy’s default self-pay-first share',
      conditions: { all: [is('category', 'B'), is('itemSelfPayFirstPct', null)] },
      event: {
        type: 'categoryShare',
        params: { selfPayPct: 0, selfPayFirstPct: policy.categoryB.defaultSelfPayFirstPct },
      },
    },
    {
      name: 'category C: self-pay',
      conditions: { all: [is('category', 'C')] },
      event: { type: 'categoryShare', params: { selfPayPct: 100, selfPayFirstPct: 0 } },
    },
  ];
  return { claimRules, lineRules };
}

/** What the json-rules-engine version produces: the amounts (no explanation text). */
export interface JsonRulesAdjudication {
  caseId: string;
  ratioBp: number;
  deductibleDueFen: Fen;
  capLeftFen: Fen;
  lines: LineAmounts[];
  totals: LineAmounts;
}

export interface JsonRulesAdjudicator {
  readonly rules: PolicyRuleSets;
  adjudicate(c: AdjudicationCase): Promise<JsonRulesAdjudication>;
}

function numberParam(event: Event, key: string): number {
  const value: unknown = event.params?.[key];
  if (typeof value !== 'number') throw new TypeError(`event ${event.type}: param ${key} is not a number`);
  return value;
}

interface Band {
  fromFen: number;
  toFen: number | null;
  ratioPct: number;
}

/** The claim-level decisions, read from the events the claim rules fired. */
interface ClaimTerms {
  deductibleDueFen: Fen;
  ratioBp: number;
  capLeftFen: Fen;
  tier?: { bands: Band[]; baseFen: Fen; capLeftFen: Fen };
}

function tierOf(event: Event | undefined, c: AdjudicationCase): ClaimTerms['tier'] {
  if (!event) return undefined;
  const bands = event.params?.['bands'] as Band[];
  const paid = c.yearToDate.seriousIllnessPaidFen ?? 0;
  return {
    bands,
    baseFen: c.yearToDate.seriousIllnessBaseFen ?? 0,
    capLeftFen: Math.max(0, numberParam(event, 'annualCapFen') - paid),
  };
}

/** The tier's share of the slice [before, before + amount) of the year's eligible self-paid costs. */
function tierShare(bands: readonly Band[], before: Fen, amount: Fen): Fen {
  let pctFen = 0;
  for (const band of bands) {
    const inside = Math.min(before + amount, band.toFen ?? Infinity) - Math.max(before, band.fromFen);
    if (inside > 0) pctFen += inside * band.ratioPct;
  }
  return mulDivHalfUp(pctFen, 1, 100);
}

function ratioBp(basePct: number, adjustment: FilingAdjustment): number {
  switch (adjustment.kind) {
    case 'none':
      return basePct * 100;
    case 'subtract_pts':
      return Math.max(0, basePct - adjustment.pts) * 100;
    case 'multiply_pct':
      return basePct * adjustment.pct;
  }
}

function filingAdjustmentOf(event: Event): FilingAdjustment {
  const kind: unknown = event.params?.['kind'];
  if (kind === 'none') return { kind };
  if (kind === 'subtract_pts') return { kind, pts: numberParam(event, 'pts') };
  if (kind === 'multiply_pct') return { kind, pct: numberParam(event, 'pct') };
  throw new TypeError(`event filingAdjustment: unknown kind ${String(kind)}`);
}

function claimTermsFromEvents(events: readonly Event[], c: AdjudicationCase): ClaimTerms {
  const byType = new Map<string, Event>();
  for (const event of events) {
    // Exactly one rule must decide each term: an overlap in the rules is a policy error, not a pick.
    if (byType.has(event.type)) throw new Error(`case ${c.caseId}: more than one ${event.type} rule fired`);
    byType.set(event.type, event);
  }
  const required = (type: string): Event => {
    const event = byType.get(type);
    if (!event) throw new Error(`case ${c.caseId}: no ${type} rule fired`);
    return event;
  };
  const deductible = required('deductible');
  const baseFen = numberParam(deductible, 'baseFen');
  const deductibleDueFen =
    deductible.params?.['per'] === 'admission'
      ? percentOf(baseFen, numberParam(required('admissionFactor'), 'pct'))
      : Math.max(0, baseFen - c.yearToDate.deductibleMetFen);
  return {
    deductibleDueFen,
    ratioBp: ratioBp(
      numberParam(required('fundRatio'), 'basePct'),
      filingAdjustmentOf(required('filingAdjustment')),
    ),
    capLeftFen: Math.max(0, numberParam(required('annualCap'), 'capFen') - c.yearToDate.fundPaidFen),
    tier: tierOf(byType.get('seriousIllness'), c),
  };
}

function sumLines(lines: readonly LineAmounts[]): LineAmounts {
  const totals: LineAmounts = {
    submittedFen: 0,
    selfPayFen: 0,
    selfPayFirstFen: 0,
    eligibleFen: 0,
    deductibleFen: 0,
    coinsuranceFen: 0,
    overCapFen: 0,
    benefitFen: 0,
    seriousIllnessFen: 0,
    patientPaysFen: 0,
  };
  for (const line of lines) for (const key of AMOUNT_KEYS) totals[key] += line[key];
  return totals;
}

/** Builds the two engines once; every claim then reuses them, as a service would. */
export function createJsonRulesAdjudicator(policy: Policy): JsonRulesAdjudicator {
  const rules = policyRuleSets(policy);
  const claimEngine = new Engine(rules.claimRules);
  const lineEngine = new Engine(rules.lineRules, { replaceFactsInEventParams: true });

  return {
    rules,
    async adjudicate(c) {
      const claimFacts: ClaimFacts = {
        careType: c.encounter.careType,
        insuredStatus: c.insured.status,
        hospitalLevel: c.encounter.hospitalLevel,
        filingType: c.encounter.filingType,
        admissionSeqInYear: c.encounter.admissionSeqInYear ?? null,
      };
      const terms = claimTermsFromEvents((await claimEngine.run(claimFacts)).events, c);
      let deductibleLeft = terms.deductibleDueFen;
      let capLeft = terms.capLeftFen;
      let tierBase = terms.tier?.baseFen ?? 0;
      let tierCapLeft = terms.tier?.capLeftFen ?? 0;
      const lines: LineAmounts[] = [];
      // One run at a time: an Engine keeps its status on the instance, so overlapping run()s on
      // one engine can end each other early. Lines are in any case consumed in bill order.
      for (const item of c.items) {
        const lineFacts: LineFacts = {
          category: item.category,
          itemSelfPayFirstPct: item.selfPayFirstPct ?? null,
        };
        const { events } = await lineEngine.run(lineFacts);
        const [share, ...others] = events;
        if (!share || others.length > 0) {
          throw new Error(
            `case ${c.caseId}: ${events.length} category rules fired for ${item.code}, expected 1`,
          );
        }
        const selfPay = percentOf(item.amountFen, numberParam(share, 'selfPayPct'));
        const selfPayFirst = percentOf(item.amountFen, numberParam(share, 'selfPayFirstPct'));
        const eligible = item.amountFen - selfPay - selfPayFirst;
        const deductible = Math.min(eligible, deductibleLeft);
        deductibleLeft -= deductible;
        const aboveDeductible = eligible - deductible;
        const fundShare = mulDivHalfUp(aboveDeductible, terms.ratioBp, 10_000); // basis points
        const benefit = Math.min(fundShare, capLeft);
        capLeft -= benefit;
        let seriousIllness = 0;
        if (terms.tier) {
          const selfPaidEligible = eligible - benefit;
          seriousIllness = Math.min(tierShare(terms.tier.bands, tierBase, selfPaidEligible), tierCapLeft);
          tierBase += selfPaidEligible;
          tierCapLeft -= seriousIllness;
        }
        lines.push({
          submittedFen: item.amountFen,
          selfPayFen: selfPay,
          selfPayFirstFen: selfPayFirst,
          eligibleFen: eligible,
          deductibleFen: deductible,
          coinsuranceFen: aboveDeductible - fundShare,
          overCapFen: fundShare - benefit,
          benefitFen: benefit,
          seriousIllnessFen: seriousIllness,
          patientPaysFen: item.amountFen - benefit - seriousIllness,
        });
      }
      return {
        caseId: c.caseId,
        ratioBp: terms.ratioBp,
        deductibleDueFen: terms.deductibleDueFen,
        capLeftFen: terms.capLeftFen,
        lines,
        totals: sumLines(lines),
      };
    },
  };
}
