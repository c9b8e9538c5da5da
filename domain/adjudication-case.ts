import { z } from 'zod';
import {
  CareTypeSchema,
  FenSchema,
  FilingTypeSchema,
  HospitalLevelSchema,
  InsuredStatusSchema,
  IsoDateSchema,
  ItemCategorySchema,
  PercentSchema,
} from './schema-primitives';
import type { CompiledPolicy } from './policy';
import { InvalidInputError, parseOrThrow, type InputIssue } from './validation';

/** One billed item as the engine sees it (an e-bill's listDetail line maps onto this). */
export const ClaimItemSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  category: ItemCategorySchema,
  amountFen: FenSchema,
  /** Category B only: this item's own self-pay-first share, overriding the policy default. */
  selfPayFirstPct: PercentSchema.optional(),
});
export type ClaimItem = z.infer<typeof ClaimItemSchema>;

export const EncounterSchema = z.strictObject({
  careType: CareTypeSchema,
  hospitalLevel: HospitalLevelSchema,
  /** Which inpatient stay of the calendar year this is (1 = first); needed by per-admission deductibles. */
  admissionSeqInYear: z.number().int().min(1, { error: 'must be 1 or more' }).optional(),
  filingType: FilingTypeSchema,
  serviceDate: IsoDateSchema,
});
export type Encounter = z.infer<typeof EncounterSchema>;

export const YearToDateSchema = z.strictObject({
  /** What the fund already paid this year for this care type. */
  fundPaidFen: FenSchema,
  /** How much of a per-year deductible is already met. */
  deductibleMetFen: FenSchema,
  /** What serious-illness insurance (大病保险) already paid this year (0 when absent). */
  seriousIllnessPaidFen: FenSchema.optional(),
  /** The eligible self-paid costs of the year the tier already counted, every care type it covers (0 when absent). */
  seriousIllnessBaseFen: FenSchema.optional(),
});
export type YearToDate = z.infer<typeof YearToDateSchema>;

/** An encounter to adjudicate, in the format of ../shared/data/cases/*.json. */
export const AdjudicationCaseSchema = z.strictObject({
  caseId: z.string().min(1),
  description: z.string().optional(),
  policyId: z.string().min(1),
  insured: z.strictObject({ scheme: z.string().min(1), status: InsuredStatusSchema }),
  encounter: EncounterSchema,
  yearToDate: YearToDateSchema,
  items: z.array(ClaimItemSchema).min(1, { error: 'must list at least one item' }),
});
export type AdjudicationCase = z.infer<typeof AdjudicationCaseSchema>;

/**
 * The subject named in errors: the case id when the document has one, and where it came
 * from (a file name) when the caller knows: "case A (A.json)".
 */
export function caseSubject(value: unknown, source?: string): string {
  const id = (value as { caseId?: unknown } | null)?.caseId;
  if (typeof id !== 'string' || id.length === 0) return source ?? 'case';
  return source ? `case ${id} (${source})` : `case ${id}`;
}

/** Shape check only; `checkCaseAgainstPolicy` checks what depends on the policy. */
export function parseAdjudicationCase(value: unknown, subject = caseSubject(value)): AdjudicationCase {
  return parseOrThrow(AdjudicationCaseSchema, value, subject);
}

/** What a well-formed case can still get wrong against the policy it is adjudicated under. */
export function caseIssuesAgainstPolicy(policy: CompiledPolicy, c: AdjudicationCase): InputIssue[] {
  const issues: InputIssue[] = [];
  const { effective, scheme } = policy.source;
  if (c.policyId !== policy.id) {
    issues.push({
      path: 'policyId',
      message: `names policy "${c.policyId}", but the policy given is "${policy.id}"`,
    });
  }
  if (c.insured.scheme !== scheme) {
    issues.push({
      path: 'insured.scheme',
      message: `is "${c.insured.scheme}", but the policy covers "${scheme}"`,
    });
  }
  if (c.encounter.serviceDate < effective.from || c.encounter.serviceDate > effective.to) {
    issues.push({
      path: 'encounter.serviceDate',
      message: `${c.encounter.serviceDate} is outside the policy's effective dates ${effective.from} to ${effective.to}`,
    });
  }
  const rules = policy.careTypes[c.encounter.careType];
  if (!rules) {
    issues.push({
      path: 'encounter.careType',
      message: `policy ${policy.id} has no rules for ${c.encounter.careType}`,
    });
  } else if (rules.deductiblePer === 'admission' && c.encounter.admissionSeqInYear === undefined) {
    issues.push({
      path: 'encounter.admissionSeqInYear',
      message:
        'is required: this policy sets the deductible per admission, by the stay’s sequence in the year',
    });
  }
  return issues;
}

export function checkCaseAgainstPolicy(
  policy: CompiledPolicy,
  c: AdjudicationCase,
  subject = caseSubject(c),
): void {
  const issues = caseIssuesAgainstPolicy(policy, c);
  if (issues.length > 0) throw new InvalidInputError(subject, issues);
}
