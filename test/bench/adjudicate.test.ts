import { describe, expect, it } from 'vitest';
import { adjudicate } from '../../domain/adjudication';
import { checkCaseAgainstPolicy, parseAdjudicationCase } from '../../domain/adjudication-case';
import { compilePolicy, parsePolicy } from '../../domain/policy';
import { FilingTypeSchema } from '../../domain/schema-primitives';
import { checkAgreement, checkReferenceCases } from '../../bench/adjudicate/agreement';
import { loadBenchPolicy, loadReferenceCases } from '../../bench/adjudicate/fixtures';
import { generateClaims } from '../../bench/adjudicate/generate-claims';
import { createJsonRulesAdjudicator } from '../../bench/adjudicate/json-rules-engine-policy';

/**
 * bench/adjudicate compares our engine with the same policy in json-rules-engine. The
 * comparison only means something while the two give the same fen, so this keeps them
 * honest as either changes (the bench itself also refuses to time them if they differ).
 */
describe('bench/adjudicate: json-rules-engine baseline agrees with the engine', () => {
  const policy = loadBenchPolicy();
  const rules = createJsonRulesAdjudicator(policy.source);

  it('on the reference cases A, B, E, O1, both matching expected.json', async () => {
    const report = await checkReferenceCases(policy.compiled, loadReferenceCases(policy.compiled), rules);
    expect(report.differences).toEqual([]);
    expect(report.casesChecked).toBe(4);
  });

  it('on 200 generated claims, line by line', async () => {
    const claims = generateClaims(policy.compiled, 'bench-test', 200);
    const report = await checkAgreement(policy.compiled, claims, rules);
    expect(report.differences).toEqual([]);
    expect(report.casesChecked).toBe(200);
    // The agreement covers the serious-illness tier: it pays on some claims, and its cap stops some.
    const results = claims.map((c) => adjudicate(policy.compiled, c));
    expect(results.filter((r) => r.seriousIllnessFen > 0).length).toBeGreaterThan(10);
    expect(
      results.filter(
        (r) =>
          r.seriousIllness && r.seriousIllnessFen === r.seriousIllness.capLeftFen && r.seriousIllnessFen > 0,
      ).length,
    ).toBeGreaterThan(0);
  });

  it('under a policy of another shape: per-year inpatient deductible, ratio scaled for unfiled', async () => {
    const source = structuredClone(policy.source);
    source.categoryB.defaultSelfPayFirstPct = 15;
    source.filingAdjustment.unfiled = { kind: 'multiply_pct', pct: 80 };
    source.filingAdjustment.other_temp = { kind: 'subtract_pts', pts: 5 };
    const inpatient = source.careTypes.inpatient;
    if (!inpatient) throw new Error('fixture policy has no inpatient rules');
    inpatient.deductible = { per: 'year', fenByLevel: inpatient.deductible.fenByLevel };
    const variant = parsePolicy(source, 'variant policy');
    const compiled = compilePolicy(variant);
    const claims = generateClaims(compiled, 'bench-test-variant', 100);
    const report = await checkAgreement(compiled, claims, createJsonRulesAdjudicator(variant));
    expect(report.differences).toEqual([]);
  });

  it('keeps its rules as plain JSON data derived from the policy file', () => {
    expect(JSON.parse(JSON.stringify(rules.rules))).toEqual(rules.rules);
    // 2 statuses × 3 levels × (deductible + ratio) per care type, 3 admission factors, 2 caps,
    // the serious-illness tier for its 2 care types, 5 filing types.
    expect(rules.rules.claimRules).toHaveLength(2 * 2 * 3 * 2 + 3 + 2 + 2 + 5);
    expect(rules.rules.lineRules).toHaveLength(4);
  });
});

describe('bench/adjudicate: generated claims', () => {
  const policy = loadBenchPolicy().compiled;
  const claims = generateClaims(policy, 'bench-test', 300);

  it('are the same for the same seed, and claim n does not depend on how many are generated', () => {
    expect(generateClaims(policy, 'bench-test', 300)).toEqual(claims);
    expect(generateClaims(policy, 'bench-test', 10)).toEqual(claims.slice(0, 10));
    expect(generateClaims(policy, 'another seed', 10)).not.toEqual(claims.slice(0, 10));
  });

  it('are valid cases for the policy, with 5 to 40 lines each', () => {
    for (const c of claims) {
      expect(() => checkCaseAgainstPolicy(policy, parseAdjudicationCase(c))).not.toThrow();
      expect(c.items.length).toBeGreaterThanOrEqual(5);
      expect(c.items.length).toBeLessThanOrEqual(40);
    }
  });

  it('cover every care type, level, status, filing type and category, and some reach the annual cap', () => {
    const seen = (pick: (c: (typeof claims)[number]) => unknown) => new Set(claims.map(pick));
    expect(seen((c) => c.encounter.careType)).toEqual(new Set(['inpatient', 'outpatient']));
    expect(seen((c) => c.encounter.hospitalLevel)).toEqual(new Set([1, 2, 3]));
    expect(seen((c) => c.insured.status)).toEqual(new Set(['working', 'retired']));
    expect(seen((c) => c.encounter.filingType)).toEqual(new Set(FilingTypeSchema.options));
    expect(seen((c) => c.encounter.admissionSeqInYear)).toEqual(new Set([undefined, 1, 2, 3, 4]));
    const items = claims.flatMap((c) => c.items);
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(['A', 'B', 'C']));
    expect(items.some((i) => i.selfPayFirstPct !== undefined)).toBe(true);
    const results = claims.map((c) => adjudicate(policy, c));
    expect(results.filter((r) => r.overCapFen > 0).length).toBeGreaterThan(5);
    // The deductible is taken from the lines in order: some claims need more than one line to meet it.
    expect(results.some((r) => r.lines.filter((l) => l.deductibleFen > 0).length > 1)).toBe(true);
  });
});
