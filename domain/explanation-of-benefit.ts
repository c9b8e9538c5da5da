import type {
  CodeableConcept,
  ExplanationOfBenefit,
  ExplanationOfBenefitItemAdjudication,
  ExplanationOfBenefitItem,
  ExplanationOfBenefitProcessNote,
  ExplanationOfBenefitTotal,
  Money,
} from '@medplum/fhirtypes';
import { AMOUNT_KEYS, type AdjudicationResult, type LineAmounts } from './adjudication';
import type { ClaimCase } from './claim';
import type { ClaimStatus } from './claim-status';
import type { Bilingual } from './explanation';
import { maskName } from './masking';

/**
 * The explanation of benefits: what the fund pays for a claim and why, line by line, from the
 * latest stored adjudication (ADJ#, the one a payout uses). Two shapes of one thing: a plain
 * view for the citizen's and clerk's pages (GET /claims/{id}/eob) and a FHIR R4
 * ExplanationOfBenefit (GET /claims/{id}/fhir). Pure: no I/O. Personal data only masked.
 */

export interface EobInput {
  claim: ClaimCase;
  adjudication: { seq: number; result: AdjudicationResult; createdAt: string };
  payout?: { amountFen: number; createdAt: string; bankReference?: string };
}

export type EobOutcome = 'paid' | 'approved' | 'rejected' | 'pending';

export type EobAmounts = LineAmounts;

export interface EobLine extends EobAmounts {
  seq: number;
  code: string;
  name: string;
  category: 'A' | 'B' | 'C';
  reason: Bilingual;
}

export interface EobView {
  claimId: string;
  status: ClaimStatus;
  outcome: EobOutcome;
  currency: 'CNY';
  policyId: string;
  policyVersion: number;
  adjudicationSeq: number;
  adjudicatedAt: string;
  careType: 'inpatient' | 'outpatient';
  serviceDate: string;
  hospitalCode: string;
  /** The fund's share above the deductible, in percent (basis points / 100). */
  ratioPct: number;
  totals: EobAmounts;
  notes: Bilingual[];
  lines: EobLine[];
  payment?: { amountFen: number; date: string; bankReference?: string };
}

// A result stored before the serious-illness tier existed has no seriousIllnessFen: it paid none.
const amountsOf = (source: LineAmounts): EobAmounts =>
  Object.fromEntries(AMOUNT_KEYS.map((k) => [k, source[k] ?? 0])) as unknown as EobAmounts;

export function outcomeOf(status: ClaimStatus): EobOutcome {
  if (status === 'PAID') return 'paid';
  if (status === 'APPROVED') return 'approved';
  if (status === 'REJECTED') return 'rejected';
  return 'pending';
}

export function eobView({ claim, adjudication, payout }: EobInput): EobView {
  const { result } = adjudication;
  return {
    claimId: claim.claimId,
    status: claim.status,
    outcome: outcomeOf(claim.status),
    currency: 'CNY',
    policyId: result.policyId,
    policyVersion: result.policyVersion,
    adjudicationSeq: adjudication.seq,
    adjudicatedAt: adjudication.createdAt,
    careType: claim.visit.careType,
    serviceDate: claim.visit.serviceDate,
    hospitalCode: claim.hospitalCode,
    ratioPct: result.ratioBp / 100,
    totals: amountsOf(result),
    notes: result.notes,
    lines: result.lines.map((line) => ({
      seq: line.seq,
      code: line.code,
      name: line.name,
      category: line.category,
      ...amountsOf(line),
      reason: line.reason,
    })),
    ...(payout && {
      payment: {
        amountFen: payout.amountFen,
        date: payout.createdAt.slice(0, 10),
        ...(payout.bankReference !== undefined && { bankReference: payout.bankReference }),
      },
    }),
  };
}

// ── FHIR R4 ─────────────────────────────────────────────────────────────────────────────

/** HL7's adjudication codes (http://terminology.hl7.org/CodeSystem/adjudication). */
const HL7_ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';
/** Our own categories, where HL7 has none: category C, the category B share, above the cap. */
export const CROSSCLAIM_ADJUDICATION = 'urn:crossclaim:adjudication';
const CROSSCLAIM_ITEM = 'urn:crossclaim:item-code';
const CROSSCLAIM_CLAIM = 'urn:crossclaim:claim';
const CROSSCLAIM_HOSPITAL = 'urn:crossclaim:hospital';
const CROSSCLAIM_REGION = 'urn:crossclaim:home-region';
const LANGUAGES = 'urn:ietf:bcp:47';

/** Each amount, as the FHIR adjudication category it is. */
const CATEGORIES: readonly { key: keyof LineAmounts; system: string; code: string; display: string }[] = [
  { key: 'submittedFen', system: HL7_ADJUDICATION, code: 'submitted', display: 'Submitted Amount' },
  {
    key: 'selfPayFen',
    system: CROSSCLAIM_ADJUDICATION,
    code: 'self-pay',
    display: 'Not covered (category C)',
  },
  {
    key: 'selfPayFirstFen',
    system: CROSSCLAIM_ADJUDICATION,
    code: 'self-pay-first',
    display: 'Paid by the patient first (category B share)',
  },
  { key: 'eligibleFen', system: HL7_ADJUDICATION, code: 'eligible', display: 'Eligible Amount' },
  { key: 'deductibleFen', system: HL7_ADJUDICATION, code: 'deductible', display: 'Deductible' },
  { key: 'coinsuranceFen', system: HL7_ADJUDICATION, code: 'copay', display: 'CoPay' },
  { key: 'overCapFen', system: CROSSCLAIM_ADJUDICATION, code: 'over-cap', display: 'Above the annual cap' },
  { key: 'benefitFen', system: HL7_ADJUDICATION, code: 'benefit', display: 'Benefit Amount' },
  {
    key: 'seriousIllnessFen',
    system: CROSSCLAIM_ADJUDICATION,
    code: 'serious-illness',
    display: 'Paid by serious-illness insurance (大病保险, second tier)',
  },
];

/** Fen to a FHIR Money in yuan: integer fen divided once, so 12345 fen is exactly 123.45. */
export const money = (fen: number): Money => ({ value: fen / 100, currency: 'CNY' });

const category = (c: (typeof CATEGORIES)[number]): CodeableConcept => ({
  coding: [{ system: c.system, code: c.code, display: c.display }],
});

function adjudicationOf(amounts: LineAmounts): ExplanationOfBenefitItemAdjudication[] {
  return CATEGORIES.map((c) => ({ category: category(c), amount: money(amounts[c.key]) }));
}

/** The claim's ratio: what percent of the eligible amount above the deductible the fund pays. */
const ratioAdjudication = (ratioBp: number): ExplanationOfBenefitItemAdjudication => ({
  category: { coding: [{ system: HL7_ADJUDICATION, code: 'eligpercent', display: 'Eligible %' }] },
  value: ratioBp / 100,
});

const language = (code: 'zh-CN' | 'en'): CodeableConcept => ({ coding: [{ system: LANGUAGES, code }] });

/** zh and en of one explanation as two process notes; returns their numbers. */
function addNotes(notes: ExplanationOfBenefitProcessNote[], text: Bilingual): number[] {
  const zh = notes.length + 1;
  notes.push({ number: zh, type: 'display', text: text.zh, language: language('zh-CN') });
  notes.push({ number: zh + 1, type: 'display', text: text.en, language: language('en') });
  return [zh, zh + 1];
}

const FHIR_OUTCOME: Record<EobOutcome, ExplanationOfBenefit['outcome']> = {
  paid: 'complete',
  approved: 'complete',
  rejected: 'complete',
  pending: 'queued',
};

const DISPOSITION: Record<EobOutcome, string> = {
  paid: 'Paid',
  approved: 'Approved, payment pending',
  rejected: 'Not paid',
  pending: 'Being processed',
};

const BENEFIT_TIER = 'urn:crossclaim:benefit-tier';
const BENEFIT_TYPE = 'http://terminology.hl7.org/CodeSystem/benefit-type';

/**
 * The two tiers as benefit balances: the basic fund (its annual cap for the care type) and
 * serious-illness insurance (its own cap), each with what the year used up to and including
 * this claim. Only for results that kept the caps (stored since the tier exists).
 */
function benefitBalanceOf(
  result: AdjudicationResult,
  totals: EobAmounts,
): Pick<ExplanationOfBenefit, 'benefitBalance'> {
  if (result.annualCapFen === undefined) return {};
  const balance = (code: string, display: string, capFen: number, usedFen: number) => ({
    category: { coding: [{ system: BENEFIT_TIER, code, display }] },
    financial: [
      {
        type: { coding: [{ system: BENEFIT_TYPE, code: 'benefit', display: 'Benefit' }] },
        allowedMoney: money(capFen),
        usedMoney: money(usedFen),
      },
    ],
  });
  const basicUsed = result.annualCapFen - result.capLeftFen + totals.benefitFen;
  const balances = [
    balance('basic-fund', 'Basic medical insurance fund (基本医保)', result.annualCapFen, basicUsed),
  ];
  const tier = result.seriousIllness;
  if (tier)
    balances.push(
      balance(
        'serious-illness',
        'Serious-illness insurance (大病保险)',
        tier.annualCapFen,
        tier.paidBeforeFen + totals.seriousIllnessFen,
      ),
    );
  return { benefitBalance: balances };
}

/**
 * The EOB as a FHIR R4 ExplanationOfBenefit. The patient is named only masked (no identifier:
 * the ID number never leaves, and its hash is not for outsiders either); the hospital and the
 * home region by their codes; amounts per item and in total by adjudication category; the
 * zh/en reasons as process notes linked from their items.
 */
export function fhirExplanationOfBenefit(input: EobInput): ExplanationOfBenefit {
  const view = eobView(input);
  const { claim } = input;
  const processNote: ExplanationOfBenefitProcessNote[] = [];
  const item: ExplanationOfBenefitItem[] = view.lines.map((line) => ({
    sequence: line.seq,
    productOrService: {
      coding: [{ system: CROSSCLAIM_ITEM, code: line.code, display: line.name }],
      text: line.name,
    },
    servicedDate: view.serviceDate,
    net: money(line.submittedFen),
    noteNumber: addNotes(processNote, line.reason),
    adjudication: adjudicationOf(line),
  }));
  for (const note of view.notes) addNotes(processNote, note);
  const total: ExplanationOfBenefitTotal[] = CATEGORIES.map((c) => ({
    category: category(c),
    amount: money(view.totals[c.key]),
  }));
  const inpatient = view.careType === 'inpatient';
  return {
    resourceType: 'ExplanationOfBenefit',
    id: claim.claimId,
    identifier: [{ system: CROSSCLAIM_CLAIM, value: claim.claimId }],
    status: 'active',
    type: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/claim-type',
          code: inpatient ? 'institutional' : 'professional',
        },
      ],
      text: inpatient ? 'inpatient' : 'outpatient',
    },
    use: 'claim',
    patient: { display: `${maskName(claim.insured.name)} (${claim.insured.idNumberMasked})` },
    billablePeriod: { start: view.serviceDate },
    created: view.adjudicatedAt,
    insurer: {
      identifier: { system: CROSSCLAIM_REGION, value: claim.insured.homeRegion },
      display: `Medical insurance of region ${claim.insured.homeRegion} (${claim.insured.scheme})`,
    },
    provider: { identifier: { system: CROSSCLAIM_HOSPITAL, value: claim.hospitalCode } },
    outcome: FHIR_OUTCOME[view.outcome],
    disposition: DISPOSITION[view.outcome],
    insurance: [
      {
        focal: true,
        coverage: {
          display: `${claim.insured.scheme} scheme, policy ${view.policyId} v${view.policyVersion}`,
        },
      },
    ],
    item,
    adjudication: [ratioAdjudication(input.adjudication.result.ratioBp)],
    total,
    ...benefitBalanceOf(input.adjudication.result, view.totals),
    ...(view.payment && {
      payment: {
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-paymenttype', code: 'complete' }],
        },
        date: view.payment.date,
        amount: money(view.payment.amountFen),
        ...(view.payment.bankReference !== undefined && {
          identifier: { system: 'urn:crossclaim:bank-reference', value: view.payment.bankReference },
        }),
      },
    }),
    processNote,
  };
}
