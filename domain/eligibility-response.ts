import type {
  CodeableConcept,
  CoverageEligibilityResponse,
  CoverageEligibilityResponseInsuranceItem,
  CoverageEligibilityResponseInsuranceItemBenefit,
} from '@medplum/fhirtypes';
import { money } from './explanation-of-benefit';
import { coverageOn, UNFILED_WORDS, type HomeFiling, type HomeRegionRecord } from './home-region';
import type { CompiledPolicy } from './policy';
import type { CareType } from './schema-primitives';

/**
 * What the home region's record says of a person, as a FHIR R4 CoverageEligibilityResponse
 * (GET /eligibility): the enrolment (scheme, working/retired, active dates) as the insurance and
 * whether it is in force on the date asked about; each cross-province filing (备案) as an item
 * saying whether it covers that date; the year's totals of every channel as benefits (used
 * against allowed, where the policy in force gives the caps). Pure: the handler reads the
 * record and the policy. The person is named by no identifier (the token says who asks).
 */

const CROSSCLAIM_REGION = 'urn:crossclaim:home-region';
const CROSSCLAIM_SCHEME = 'urn:crossclaim:scheme';
const CROSSCLAIM_FILING = 'urn:crossclaim:filing-type';
const BENEFIT_TIER = 'urn:crossclaim:benefit-tier';
const BENEFIT_TYPE = 'http://terminology.hl7.org/CodeSystem/benefit-type';
export const INSURED_STATUS_EXTENSION = 'urn:crossclaim:insured-status';

export interface EligibilityInput {
  region: string;
  record: HomeRegionRecord;
  /** The date the answer is about (today, or a planned stay's date). */
  date: string;
  /** The policy in force for the person's scheme on that date, for the caps; absent when none. */
  policy?: CompiledPolicy;
  /** When the answer was made (ISO timestamp). */
  created: string;
}

const concept = (system: string, code: string, display: string): CodeableConcept => ({
  coding: [{ system, code, display }],
});

const benefitType = (code: 'benefit' | 'deductible' | 'visit', display: string) =>
  concept(BENEFIT_TYPE, code, display);

const FILING_NAMES: Record<HomeFiling['type'], string> = {
  long_term: '异地长期居住备案 / long-term residence elsewhere',
  transfer: '转诊备案 / referral',
  emergency: '急诊抢救备案 / emergency treatment',
  other_temp: '其他临时外出备案 / temporary stay',
};

function filingItem(filing: HomeFiling, date: string): CoverageEligibilityResponseInsuranceItem {
  const state =
    date < filing.from
      ? '尚未生效 / not yet valid'
      : date > filing.to
        ? '已过期 / expired'
        : '有效 / in force';
  const where = filing.provinceCode ? `, province ${filing.provinceCode}` : ', any province';
  return {
    category: concept(CROSSCLAIM_FILING, filing.type, FILING_NAMES[filing.type]),
    name: `异地就医备案 / cross-province filing (${filing.type})`,
    description: `${filing.from} – ${filing.to}${where}: ${state} on ${date}`,
    excluded: !(filing.from <= date && date <= filing.to),
  };
}

function careTypeItem(input: EligibilityInput, careType: CareType): CoverageEligibilityResponseInsuranceItem {
  const ytd = input.record.yearToDate;
  const rules = input.policy?.careTypes[careType];
  const benefit: CoverageEligibilityResponseInsuranceItemBenefit[] = [
    {
      type: benefitType('benefit', 'Benefit'),
      ...(rules && { allowedMoney: money(rules.annualCapFen) }),
      usedMoney: money(ytd.fundPaidFen[careType]),
    },
    { type: benefitType('deductible', 'Deductible'), usedMoney: money(ytd.deductibleMetFen[careType]) },
  ];
  if (careType === 'inpatient')
    benefit.push({ type: benefitType('visit', 'Visit'), usedUnsignedInt: ytd.admissions });
  const zh = careType === 'inpatient' ? '住院' : '门诊';
  return {
    category: concept(BENEFIT_TIER, `basic-fund-${careType}`, `基本医保${zh} / basic fund, ${careType}`),
    name: `基本医保${zh}本年累计 / basic fund, ${careType}, year ${ytd.year} to date (every channel)`,
    term: concept('http://terminology.hl7.org/CodeSystem/benefit-term', 'annual', 'Annual'),
    benefit,
  };
}

function seriousIllnessItem(input: EligibilityInput): CoverageEligibilityResponseInsuranceItem {
  const ytd = input.record.yearToDate;
  const tier = input.policy?.seriousIllness;
  return {
    category: concept(BENEFIT_TIER, 'serious-illness', '大病保险 / serious-illness insurance'),
    name: `大病保险本年累计 / serious-illness insurance, year ${ytd.year} to date`,
    ...(tier && {
      description: `起付线 / threshold ${tier.thresholdFen / 100} CNY of eligible self-paid costs; counted so far ${ytd.seriousIllnessBaseFen / 100} CNY`,
    }),
    term: concept('http://terminology.hl7.org/CodeSystem/benefit-term', 'annual', 'Annual'),
    benefit: [
      {
        type: benefitType('benefit', 'Benefit'),
        ...(tier && { allowedMoney: money(tier.annualCapFen) }),
        usedMoney: money(ytd.seriousIllnessPaidFen),
      },
    ],
  };
}

/** The disposition: insured or not on the date, and under which filing (or why unfiled). */
function dispositionOf(input: EligibilityInput): string {
  const decision = coverageOn(input.record, input.date, input.region);
  if (!decision.insured)
    return `${decision.reason.zh} / ${decision.reason.en} (${decision.reason.detail ?? ''})`;
  const { coverage } = decision;
  const head = `参保 / insured on ${input.date}: ${coverage.scheme}, ${coverage.status}`;
  if (coverage.filingType !== 'unfiled') return `${head}; 备案 / filing: ${coverage.filingType}`;
  const why = UNFILED_WORDS[coverage.unfiledBecause ?? 'no_filing'];
  return `${head}; 未备案 / unfiled: ${why.zh} / ${why.en}`;
}

export function coverageEligibilityResponse(input: EligibilityInput): CoverageEligibilityResponse {
  const { enrolment, filings } = input.record;
  const inForce = coverageOn(input.record, input.date, input.region).insured;
  return {
    resourceType: 'CoverageEligibilityResponse',
    // Working or retired, machine-readable (the coverage's display says it in words).
    ...(enrolment && { extension: [{ url: INSURED_STATUS_EXTENSION, valueCode: enrolment.status }] }),
    status: 'active',
    purpose: ['validation', 'benefits'],
    patient: { display: '参保人本人 / the signed-in insured person' },
    servicedDate: input.date,
    created: input.created,
    request: { display: `GET /eligibility for ${input.date}` },
    outcome: 'complete',
    disposition: dispositionOf(input),
    insurer: {
      identifier: { system: CROSSCLAIM_REGION, value: input.region },
      display: `Medical insurance of region ${input.region}`,
    },
    insurance: [
      {
        coverage: {
          display: enrolment
            ? `${enrolment.scheme} scheme, ${enrolment.status}, region ${enrolment.homeRegion}`
            : `no enrolment in region ${input.region}`,
          ...(enrolment && { identifier: { system: CROSSCLAIM_SCHEME, value: enrolment.scheme } }),
        },
        inforce: inForce,
        ...(enrolment && {
          benefitPeriod: {
            start: enrolment.activeFrom,
            ...(enrolment.activeTo && { end: enrolment.activeTo }),
          },
        }),
        // FHIR allows no empty arrays: a person not enrolled has no items.
        ...(enrolment && {
          item: [
            ...filings.map((f) => filingItem(f, input.date)),
            careTypeItem(input, 'inpatient'),
            careTypeItem(input, 'outpatient'),
            seriousIllnessItem(input),
          ],
        }),
      },
    ],
  };
}
