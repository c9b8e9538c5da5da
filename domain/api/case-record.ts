import { z } from 'zod';
import { AUDIT_ROLES } from '../audit-roles';
import { CLAIM_STATUSES } from '../claim-status';
import { BilingualSchema, FenSchema, TimestampSchema } from './primitives';

/**
 * What the HTTP API shows of a case's record beyond the case itself: the explanation of
 * benefits (also as FHIR), the history and the citizen's notifications. functions/views/
 * case-record-views.ts builds them.
 */

const AmountsSchema = z.object({
  submittedFen: FenSchema,
  selfPayFen: FenSchema.meta({ description: 'category C: not covered' }),
  selfPayFirstFen: FenSchema.meta({ description: 'category B: the share the patient pays first' }),
  eligibleFen: FenSchema,
  deductibleFen: FenSchema,
  coinsuranceFen: FenSchema.meta({ description: "the patient's share above the deductible (FHIR copay)" }),
  overCapFen: FenSchema.meta({ description: 'above what the annual cap still allowed' }),
  benefitFen: FenSchema.meta({ description: 'what the fund pays' }),
  patientPaysFen: FenSchema,
});

export const EobViewSchema = z
  .object({
    claimId: z.string(),
    status: z.enum(CLAIM_STATUSES),
    outcome: z.enum(['paid', 'approved', 'rejected', 'pending']),
    currency: z.literal('CNY'),
    policyId: z.string(),
    policyVersion: z.number().int(),
    adjudicationSeq: z.number().int().min(1).meta({ description: 'the ADJ# this explanation comes from' }),
    adjudicatedAt: TimestampSchema,
    careType: z.enum(['inpatient', 'outpatient']),
    serviceDate: z.string(),
    hospitalCode: z.string(),
    ratioPct: z.number(),
    totals: AmountsSchema,
    notes: z.array(BilingualSchema),
    lines: z.array(
      AmountsSchema.extend({
        seq: z.number().int().min(1),
        code: z.string(),
        name: z.string(),
        category: z.enum(['A', 'B', 'C']),
        reason: BilingualSchema,
      }),
    ),
    payment: z
      .object({ amountFen: FenSchema, date: z.string(), bankReference: z.string().optional() })
      .optional(),
  })
  .meta({
    id: 'ExplanationOfBenefits',
    description: 'What the fund pays for a claim and why, per line, from the latest adjudication.',
  });
export type EobView = z.infer<typeof EobViewSchema>;

export const FhirExplanationOfBenefitSchema = z
  .looseObject({ resourceType: z.literal('ExplanationOfBenefit'), id: z.string() })
  .meta({
    id: 'FhirExplanationOfBenefit',
    description:
      'A FHIR R4 ExplanationOfBenefit (https://hl7.org/fhir/R4/explanationofbenefit.html), served as ' +
      'application/fhir+json: items with adjudication categories submitted, eligible, deductible, copay ' +
      'and benefit (and crossclaim categories self-pay, self-pay-first, over-cap), totals, payment, and the ' +
      'reasons in Chinese and English as process notes.',
  });

const JsonValueSchema: z.ZodType = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

export const HistoryViewSchema = z
  .object({
    claimId: z.string(),
    verified: z.boolean().meta({ description: 'the hash chain recomputes and ends at the head on the case' }),
    problem: z.string().optional(),
    brokenAt: z.number().int().optional(),
    entries: z.array(
      z.object({
        seq: z.number().int().min(1),
        at: TimestampSchema,
        actor: z.object({
          role: z.enum(AUDIT_ROLES),
          sub: z.string().optional().meta({ description: 'staff only' }),
        }),
        action: z.string(),
        before: z.record(z.string(), JsonValueSchema).optional(),
        after: z.record(z.string(), JsonValueSchema).optional(),
        hash: z.string(),
      }),
    ),
  })
  .meta({
    id: 'CaseHistory',
    description: 'Every change to the case, hash-chained: who (role, and for staff the id), when, what.',
  });
export type HistoryView = z.infer<typeof HistoryViewSchema>;

export const NotificationsViewSchema = z
  .object({
    notifications: z.array(
      z.object({
        claimId: z.string(),
        status: z.enum(CLAIM_STATUSES),
        at: TimestampSchema,
        zh: z.string(),
        en: z.string(),
      }),
    ),
  })
  .meta({ id: 'Notifications' });
export type NotificationsView = z.infer<typeof NotificationsViewSchema>;
