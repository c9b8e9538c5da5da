import type { z } from 'zod';
import { schemaFields } from './schema-fields';
/**
 * Data classification and grading (数据分类分级) of every field that crosses an edge of
 * crossclaim, as data. Four levels, after the usual public-data practice:
 *
 * - L1 public (公开): codes and rules anyone may know: hospital codes, regions, policy ids,
 *   statuses, enums, signatures' public parts, bilingual texts of ours;
 * - L2 internal (内部): crossclaim's own operating data: claim ids, versions, times of work,
 *   counts, staff ids, bank references, cursors;
 * - L3 personal (个人信息): about one identifiable person but not sensitive on its own: a
 *   claim's amounts, dates of care, visit numbers, names (masked wherever shown to others),
 *   masked forms of identifiers, free text of staff about a case;
 * - L4 sensitive personal (敏感个人信息, PIPL art. 28): ID numbers and their hash, bank
 *   accounts, diagnoses and procedures, a bill's check code (it opens the bill), and what a
 *   citizen writes in free text.
 *
 * The labels drive logging (domain/masking.ts redactPersonalData): L1–L2 are logged as they
 * are; an L3 field with a mask is logged masked; an L4 field is never logged in clear (masked
 * with its mask, or redacted). They drive every API answer too (domain/view-policy.ts): which
 * audience gets a field shown, masked or not at all. A label is found by `parent.key` first (a `name` is a person's
 * inside `insured` but an item's inside `lines`), then by `key`.
 * test/security/data-classification.test.ts fails when a field of an edge schema
 * (functions/edge-schemas.ts) has no label.
 */
export type ClassificationLevel = 'L1' | 'L2' | 'L3' | 'L4';
export type MaskKind = 'idNumber' | 'bankAccount' | 'name' | 'redact';

/** Who an API answer is for (domain/view-policy.ts decides each field's fate by its label). */
export type ViewAudience = 'citizen' | 'staff' | 'hospital' | 'public';

export interface FieldLabel {
  level: ClassificationLevel;
  /** How the field is shown in logs (and to parties who may not see it in full). */
  mask?: MaskKind;
  /**
   * The audiences whose views may carry the field at all, where narrower than its level's
   * default (domain/view-policy.ts): who among staff acted, and what staff noted internally,
   * is for staff only; identifiers a view never needs are for nobody.
   */
  shownTo?: readonly ViewAudience[];
}

export const LEVEL_NAMES: Readonly<Record<ClassificationLevel, { zh: string; en: string }>> = {
  L1: { zh: '公开', en: 'public' },
  L2: { zh: '内部', en: 'internal' },
  L3: { zh: '个人信息', en: 'personal' },
  L4: { zh: '敏感个人信息', en: 'sensitive personal' },
};

const labelled = (label: FieldLabel, keys: readonly string[]) => keys.map((key) => [key, label] as const);

/** People a bare `name` (or `sub`) belongs to: inside these it is a person's. */
const PERSON_PARENTS = [
  'insured',
  'patient',
  'payer',
  'payee',
  'citizen',
  'person',
  'beneficiary',
  'holder',
  'accountHolder',
  'applicant',
  'payout',
] as const;

/** Who among staff acted on a case, and staff's internal notes: never in a citizen's view. */
const STAFF_ONLY: readonly ViewAudience[] = ['staff'];

export const FIELD_LABELS: Readonly<Record<string, FieldLabel>> = Object.fromEntries([
  // L4: identifiers, accounts, health, keys to a bill, a citizen's own words.
  ...labelled({ level: 'L4', mask: 'idNumber' }, ['idNumber']),
  ...labelled({ level: 'L4', mask: 'bankAccount' }, ['bankAccount', 'accountNo', 'phone', 'mobile']),
  // The keyed hash links a person across systems that share the key: kept out of every view.
  ...labelled({ level: 'L4', mask: 'redact', shownTo: [] }, ['idNumberHash', 'filedBy.sub']),
  ...labelled({ level: 'L4', mask: 'redact' }, [
    'diagnosis',
    'diagnoses',
    'diagnosis.code',
    'diagnosis.name',
    'procedures',
    'procedures.code',
    'procedures.name',
    'checkCode',
    'ebill.checkCode',
    'qrPayload',
    'answer',
    'infoRequest.answer',
    'comment',
    'ratings.comment',
    'appeals.reason',
    'actor.sub',
    // A window authorisation's one-time code opens filing for the citizen.
    'authorisationCode',
    'onBehalfOf.code',
  ]),
  // L3: names (masked), amounts and dates of one person's care, masked identifiers, case notes.
  ...labelled({ level: 'L3', mask: 'name' }, [
    'accountName',
    'payout.accountName',
    'payerName',
    'patientName',
    'insuredName',
    'fullName',
    'holderName',
    'attendingPhysician',
    ...PERSON_PARENTS.map((parent) => `${parent}.name`),
  ]),
  ...labelled({ level: 'L3' }, [
    'idNumberMasked',
    'nameMasked',
    'bankAccountMasked',
    'maskedBankAccount',
    'accountNameMasked',
    'visitNo',
    'serviceDate',
    'admitDate',
    'dischargeDate',
    'issueDate',
    'admission',
    'admissionSeqInYear',
    'admissions',
    'billBatchCode',
    'billNo',
    'billName',
    'reason',
    'question',
    'note',
    'detail',
    'cause',
    'before',
    'after',
    'value',
    'field',
    'imageId',
    'receiptId',
    'score',
    'averageScore',
    'scheme',
    'status',
    'filingType',
    'unfiledBecause',
    // A citizen's sub-scores of a rating, and the clerk's answer to their follow-up.
    'subScores',
    'answer.text',
    'activeFrom',
    'activeTo',
    'from',
    'to',
    'type',
    'provinceCode',
    // Money of one person's claim and year.
    'amountFen',
    'benefitFen',
    'deductibleFen',
    'eligibleFen',
    'patientPaysFen',
    'submittedFen',
    'allowedFen',
    'coinsuranceFen',
    'overCapFen',
    'selfPayFen',
    'selfPayFirstFen',
    'fundPaidFen',
    'paidFen',
    'differenceFen',
    'newBenefitFen',
    'previousBenefitFen',
    'seriousIllnessFen',
    'seriousIllnessPaidFen',
    'seriousIllnessBaseFen',
    'totalAmtFen',
    'ownPayFen',
    'fundPayFen',
    'accountPayFen',
    'selfPayAmtFen',
    'unitPriceFen',
    'qty',
    'inpatient',
    'outpatient',
    'items.name',
    'lines.name',
    'listDetail.name',
    'listDetail.nameEn',
    'fetchRecords',
    'grantedAt',
    'settledDirectly',
    // A citizen's visits and who may file for them (docs/visits-and-delegations.md).
    'visitRef',
    'claimable',
    'delegationId',
    'authorityId',
    'relationship',
    'validUntil',
    'delegateNameMasked',
    'revokedAt',
    'revoked',
    'locked',
  ]),
  // L2: crossclaim's operating data; staff identities and internal notes for staff only.
  ...labelled({ level: 'L2', shownTo: STAFF_ONLY }, [
    'clerkId',
    'checkedBy',
    'makerId',
    'checkerId',
    'assignee',
    'pendingCheck',
    'returnedCheck',
    'checkNote',
    'askedBy',
    'actorId',
  ]),
  // A Step Functions task token resumes the claim's workflow: it is in no view at all.
  ...labelled({ level: 'L2', shownTo: [] }, ['taskToken']),
  ...labelled({ level: 'L2' }, [
    // 好差评 follow-ups: their clock and the region's rates.
    'dueDate',
    'workingDays',
    'onTime',
    'byLevel',
    'satisfaction',
    'followUpRate',
    'onTimeRate',
    'opened',
    'answered',
    'open',
    'overdue',
    'answeredOnTime',
    'claimId',
    'receiptIds',
    'answerImageIds',
    'checkedAt',
    'appealNo',
    'adjudicationSeq',
    'seq',
    'version',
    'key',
    'id',
    'idempotencyKey',
    'bankReference',
    'reference',
    'cursor',
    'nextCursor',
    'limit',
    'days',
    'deadlineDays',
    'at',
    'createdAt',
    'updatedAt',
    'adjudicatedAt',
    'decidedAt',
    'filedAt',
    'answeredAt',
    'askedAt',
    'deadline',
    'queuedAt',
    'escalatedAt',
    'voidedAt',
    'appealUntil',
    'generatedAt',
    'waitingSince',
    'oldestQueuedAt',
    'dueAt',
    'brokenAt',
    'date',
    'year',
    'route',
    'corrections',
    'agentId',
    'usedFor',
    'signedAuthorisationImageId',
    'role',
    'action',
    'hash',
    'bytes',
    'width',
    'height',
    'contentType',
    'hasImage',
    'source',
    'confidence',
    'flagged',
    'ebill',
    'kind',
    'outcome',
    'problem',
    'verified',
    'accepted',
    'released',
    'awaitingCheck',
    'automatic',
    'decision',
    'verdict',
    'atStatus',
    'error',
    'message',
    'path',
    'in',
    'count',
    'total',
    'totalFen',
    'size',
    'failed',
    'inReview',
    'slaBreaches',
    'oldestAgeSeconds',
    'ageSeconds',
    'awaitingDecision',
    'automaticShare',
    'closed',
    'submitted',
    'byStatus',
    'p50Seconds',
    'p95Seconds',
    'state',
    'waitingFor',
    'fact',
    '1',
    '2',
    '3',
    '4',
    '5',
  ]),
  // L1: codes, rules and texts anyone may know.
  ...labelled({ level: 'L1' }, [
    'hospitalCode',
    'hospitals',
    'hospitalName',
    'homeRegion',
    'region',
    'placeCode',
    'level',
    'code',
    'name',
    'nameEn',
    'system',
    'category',
    'careType',
    'medicalCareType',
    'policyId',
    'policyVersion',
    'ratioPct',
    'selfPayFirstPct',
    'effectiveFrom',
    'effectiveTo',
    'currency',
    'resourceType',
    'reasonCode',
    'reasonCodes',
    'zh',
    'en',
    'alg',
    'keyId',
    'signature.value',
  ]),
]);

/** The label of field `key` inside the object (or array of objects) under `parent`. */
export function labelOf(parent: string, key: string): FieldLabel | undefined {
  return FIELD_LABELS[`${parent}.${key}`] ?? FIELD_LABELS[key];
}

/** Every field of these schemas that has no label, as `<schema name>: <path>`. */
export function unlabelledFields(schemas: readonly { name: string; schema: z.ZodType }[]): string[] {
  return schemas.flatMap(({ name, schema }) =>
    schemaFields(schema)
      .filter((field) => !labelOf(field.parent, field.key))
      .map((field) => `${name}: ${field.path}`),
  );
}
