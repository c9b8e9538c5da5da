import { describe, expect, it } from 'vitest';
import { compilePolicy, parsePolicy } from '../../domain/policy';
import { InvalidInputError } from '../../domain/validation';
import { readJson } from '../support/fixtures';

const shared = () =>
  readJson('test/fixtures/shared/policies/jiaxing-employee-2026.json') as Record<string, unknown>;

function issuesOf(document: unknown): { path: string; message: string }[] {
  try {
    parsePolicy(document);
  } catch (error) {
    if (error instanceof InvalidInputError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

describe('policy: home-region rules as data', () => {
  it('accepts the shared Jiaxing employee policy exactly as it is', () => {
    const policy = parsePolicy(shared());
    expect(policy.careTypes.inpatient?.deductible.per).toBe('admission');
  });

  it('keeps the project copy identical to the shared reference', () => {
    expect(readJson('policies/jiaxing-employee-2026.json')).toEqual(shared());
  });

  it('compiles ratios into basis points with the filing adjustment applied', () => {
    const compiled = compilePolicy(parsePolicy(readJson('policies/huzhou-resident-2026.json')));
    const level2 = compiled.careTypes.inpatient?.ratio.working[2];
    expect(level2?.long_term.bp).toBe(7500);
    expect(level2?.unfiled.bp).toBe(6000); // 75% × 80%
    expect(compiled.careTypes.inpatient?.ratio.retired[3].other_temp.bp).toBe(5300); // 63% − 10 pts
  });

  it('names the bad field: hospital level 4 in a table', () => {
    const doc = shared();
    const inpatient = (doc.careTypes as Record<string, Record<string, unknown>>).inpatient!;
    inpatient.ratioPctByLevel = { working: { 1: 95, 2: 90, 3: 86, 4: 80 }, retired: { 1: 98, 2: 93, 3: 90 } };
    expect(issuesOf(doc)).toEqual([
      {
        path: 'careTypes.inpatient.ratioPctByLevel.working',
        message: expect.stringContaining('"4"') as unknown,
      },
    ]);
  });

  it('rejects an unknown filing adjustment and a ratio above 100%', () => {
    const doc = shared();
    (doc.filingAdjustment as Record<string, unknown>).unfiled = { kind: 'halve' };
    (
      doc.careTypes as { outpatient: { ratioPctByLevel: { retired: Record<string, number> } } }
    ).outpatient.ratioPctByLevel.retired['1'] = 101;
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toContain('filingAdjustment.unfiled.kind');
    expect(paths).toContain('careTypes.outpatient.ratioPctByLevel.retired.1');
  });

  it('rejects effective dates that run backwards or do not exist', () => {
    expect(issuesOf({ ...shared(), effective: { from: '2026-12-31', to: '2026-01-01' } })).toEqual([
      { path: 'effective.to', message: 'effective.from must not be after effective.to' },
    ]);
    expect(issuesOf({ ...shared(), effective: { from: '2026-02-30', to: '2026-12-31' } })[0]?.path).toBe(
      'effective.from',
    );
  });
});
