import { describe, expect, it } from 'vitest';
import { planBatch, planCounts } from '../../../local/demo/plan';

describe('demo batch plan', () => {
  it('is the same for the same seed and size, and different for another seed', () => {
    expect(planBatch({ claims: 200, seed: 'demo' })).toEqual(planBatch({ claims: 200, seed: 'demo' }));
    expect(planBatch({ claims: 200, seed: 'other' })).not.toEqual(planBatch({ claims: 200, seed: 'demo' }));
  });

  it('sizes each role from the batch: 200 claims are 190 visits and 10 duplicates', () => {
    expect(planCounts(200)).toEqual({
      visits: 190,
      duplicates: 10,
      issuedLater: 29,
      settledDirectly: 6,
      receiptMismatch: 10,
      repeatInsured: 6,
      notInsured: 6,
      filingExpired: 15,
      heavyUsers: 6,
    });
    const plan = planBatch({ claims: 200, seed: 'demo' });
    expect(plan.claims).toHaveLength(200);
    expect(plan.visits).toHaveLength(190);
    const roles = plan.visits.map((v) => v.role);
    expect(roles.filter((r) => r === 'issued_later')).toHaveLength(29);
    expect(roles.filter((r) => r === 'settled_directly')).toHaveLength(6);
    expect(roles.filter((r) => r === 'receipt_mismatch')).toHaveLength(10);
  });

  it('shows the rejection of a settled bill even in a small batch, and plans a single claim plainly', () => {
    expect(planCounts(20).settledDirectly).toBe(1);
    const one = planBatch({ claims: 1, seed: 'x' });
    expect(one.claims).toEqual([{ index: 0, visit: 0, duplicate: false }]);
    expect(one.visits[0]?.role).toBe('normal');
  });

  it('submits every visit once, and each duplicate of a plain visit after its original', () => {
    const plan = planBatch({ claims: 500, seed: 'order' });
    const originals = plan.claims.filter((c) => !c.duplicate).map((c) => c.visit);
    expect([...originals].sort((a, b) => a - b)).toEqual(plan.visits.map((v) => v.index));
    const duplicates = plan.claims.filter((c) => c.duplicate);
    expect(duplicates).toHaveLength(25);
    expect(new Set(duplicates.map((d) => d.visit)).size).toBe(25);
    for (const duplicate of duplicates) {
      const original = plan.claims.find((c) => c.visit === duplicate.visit && !c.duplicate);
      expect(original!.index).toBeLessThan(duplicate.index);
      expect(plan.visits[duplicate.visit]?.role).toBe('normal');
    }
    expect(plan.claims.map((c) => c.index)).toEqual(plan.claims.map((_, i) => i));
  });

  it('gives a few insured several visits and everyone else one', () => {
    const plan = planBatch({ claims: 200, seed: 'demo' });
    const visitsOf = new Map<number, number>();
    for (const v of plan.visits) visitsOf.set(v.insured, (visitsOf.get(v.insured) ?? 0) + 1);
    const several = [...visitsOf.values()].filter((n) => n > 1);
    expect(several).toHaveLength(6);
    expect(several.every((n) => n >= 3 && n <= 4)).toBe(true);
    expect(plan.insured).toHaveLength(visitsOf.size);
    expect(plan.insured.every((i) => /^\d{19}$/.test(i.bankAccount))).toBe(true);
  });

  it('has the clerk reject only visits whose paper receipt does not match', () => {
    const plan = planBatch({ claims: 2000, seed: 'clerk' });
    const rejected = plan.visits.filter((v) => v.clerk.decision === 'reject');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((v) => v.role === 'receipt_mismatch')).toBe(true);
  });

  it('sets a few people apart in the home region, each with one plain visit, never submitted twice', () => {
    const plan = planBatch({ claims: 200, seed: 'demo' });
    const of = (home: string) => plan.insured.filter((p) => p.home === home);
    expect(of('not_insured')).toHaveLength(6);
    expect(of('filing_expired')).toHaveLength(15);
    expect(of('heavy_user')).toHaveLength(6);
    const duplicated = new Set(plan.claims.filter((c) => c.duplicate).map((c) => c.visit));
    for (const person of plan.insured.filter((p) => p.home !== 'default')) {
      const visits = plan.visits.filter((v) => v.insured === person.index);
      expect(visits).toHaveLength(1);
      expect(visits[0]?.role).toBe('normal');
      expect(duplicated.has(visits[0]!.index)).toBe(false);
      if (person.home === 'heavy_user') expect(visits[0]?.careType).toBe('inpatient');
    }
    // Even a 20-claim batch has one of each.
    const small = planBatch({ claims: 20, seed: 'demo-test' });
    for (const home of ['not_insured', 'filing_expired', 'heavy_user'])
      expect(small.insured.filter((p) => p.home === home).length).toBeGreaterThanOrEqual(1);
  });
});
