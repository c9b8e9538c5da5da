import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjudicate, AMOUNT_KEYS, type AdjudicationResult } from '../../domain/adjudication';
import {
  checkCaseAgainstPolicy,
  type AdjudicationCase,
  type ClaimItem,
} from '../../domain/adjudication-case';
import type { CompiledPolicy } from '../../domain/policy';
import { huzhouPolicy, jiaxingPolicy } from '../support/fixtures';

const policies = [jiaxingPolicy(), huzhouPolicy()];
const RUNS = 3000;

const itemArb: fc.Arbitrary<ClaimItem> = fc.record(
  {
    code: fc.stringMatching(/^[0-9A-Z]{9}$/),
    name: fc.constantFrom('床位费', '手术费', '检查化验', '药品', '耗材'),
    category: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
    amountFen: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 50_000_000 })),
    selfPayFirstPct: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: ['code', 'name', 'category', 'amountFen'] },
);

function caseArb(policy: CompiledPolicy): fc.Arbitrary<AdjudicationCase> {
  const careTypes = Object.keys(policy.careTypes) as AdjudicationCase['encounter']['careType'][];
  const { from, to } = policy.source.effective;
  return fc.record({
    caseId: fc.constant('P'),
    policyId: fc.constant(policy.id),
    insured: fc.record({
      scheme: fc.constant(policy.source.scheme),
      status: fc.constantFrom('working' as const, 'retired' as const),
    }),
    encounter: fc.record({
      careType: fc.constantFrom(...careTypes),
      hospitalLevel: fc.constantFrom(1 as const, 2 as const, 3 as const),
      admissionSeqInYear: fc.integer({ min: 1, max: 6 }),
      filingType: fc.constantFrom(
        'long_term' as const,
        'transfer' as const,
        'emergency' as const,
        'other_temp' as const,
        'unfiled' as const,
      ),
      serviceDate: fc.constantFrom(from, to),
    }),
    yearToDate: fc.record({
      fundPaidFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 45_000_000 })),
      deductibleMetFen: fc.integer({ min: 0, max: 200_000 }),
      seriousIllnessPaidFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 31_000_000 })),
      seriousIllnessBaseFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000_000 })),
    }),
    items: fc.array(itemArb, { minLength: 1, maxLength: 40 }),
  });
}

const policyAndCase = fc
  .constantFrom(...policies)
  .chain((policy) => caseArb(policy).map((c) => ({ policy, c })));

function run(policy: CompiledPolicy, c: AdjudicationCase): AdjudicationResult {
  checkCaseAgainstPolicy(policy, c);
  return adjudicate(policy, c);
}

describe('adjudicate: invariants over generated cases', () => {
  it('per line: 0 ≤ benefit ≤ eligible ≤ submitted, and every amount is integer fen', () => {
    fc.assert(
      fc.property(policyAndCase, ({ policy, c }) => {
        for (const line of run(policy, c).lines) {
          for (const key of AMOUNT_KEYS) {
            expect(Number.isSafeInteger(line[key]) && line[key] >= 0, `${key} = ${line[key]}`).toBe(true);
          }
          expect(line.benefitFen).toBeLessThanOrEqual(line.eligibleFen);
          expect(line.eligibleFen).toBeLessThanOrEqual(line.submittedFen);
          expect(
            line.selfPayFen +
              line.selfPayFirstFen +
              line.deductibleFen +
              line.coinsuranceFen +
              line.overCapFen +
              line.benefitFen,
          ).toBe(line.submittedFen);
          // The second tier pays only of what the basic fund left of the eligible cost.
          expect(line.seriousIllnessFen).toBeLessThanOrEqual(
            line.deductibleFen + line.coinsuranceFen + line.overCapFen,
          );
          expect(line.patientPaysFen).toBe(line.submittedFen - line.benefitFen - line.seriousIllnessFen);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the lines sum to the totals', () => {
    fc.assert(
      fc.property(policyAndCase, ({ policy, c }) => {
        const r = run(policy, c);
        for (const key of AMOUNT_KEYS) {
          expect(r.lines.reduce((sum, l) => sum + l[key], 0)).toBe(r[key]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the benefit never exceeds what is left of the annual cap, nor the deductible what is due', () => {
    fc.assert(
      fc.property(policyAndCase, ({ policy, c }) => {
        const r = run(policy, c);
        const cap = policy.careTypes[c.encounter.careType]!.annualCapFen;
        expect(r.benefitFen).toBeLessThanOrEqual(Math.max(0, cap - c.yearToDate.fundPaidFen));
        expect(r.deductibleFen).toBeLessThanOrEqual(r.deductibleDueFen);
      }),
      { numRuns: RUNS },
    );
  });

  it('raising the amount already paid this year never raises the benefit', () => {
    fc.assert(
      fc.property(policyAndCase, fc.integer({ min: 1, max: 45_000_000 }), ({ policy, c }, extra) => {
        const before = run(policy, c).benefitFen;
        const later = {
          ...c,
          yearToDate: { ...c.yearToDate, fundPaidFen: c.yearToDate.fundPaidFen + extra },
        };
        expect(run(policy, later).benefitFen).toBeLessThanOrEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('the serious-illness tier never pays more than what is left of its own cap', () => {
    let paying = 0;
    fc.assert(
      fc.property(policyAndCase, ({ policy, c }) => {
        const r = run(policy, c);
        const tierCap = policy.seriousIllness?.annualCapFen ?? 0;
        if (r.seriousIllnessFen > 0) paying += 1;
        expect(r.seriousIllnessFen).toBeLessThanOrEqual(
          Math.max(0, tierCap - (c.yearToDate.seriousIllnessPaidFen ?? 0)),
        );
        if (!r.seriousIllness) expect(r.seriousIllnessFen).toBe(0);
      }),
      { numRuns: RUNS },
    );
    expect(paying).toBeGreaterThan(RUNS / 10);
  });

  it('a year of claims under running totals: neither tier ever pays one person more than its cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies).chain((policy) =>
          fc.record({
            policy: fc.constant(policy),
            claims: fc.array(caseArb(policy), { minLength: 2, maxLength: 8 }),
          }),
        ),
        ({ policy, claims }) => {
          const fund = { inpatient: 0, outpatient: 0 };
          const tier = { paid: 0, base: 0 };
          for (const c of claims) {
            const { careType } = c.encounter;
            const r = run(policy, {
              ...c,
              yearToDate: {
                fundPaidFen: fund[careType],
                deductibleMetFen: c.yearToDate.deductibleMetFen,
                seriousIllnessPaidFen: tier.paid,
                seriousIllnessBaseFen: tier.base,
              },
            });
            fund[careType] += r.benefitFen;
            tier.paid += r.seriousIllnessFen;
            if (r.seriousIllness) tier.base += r.deductibleFen + r.coinsuranceFen + r.overCapFen;
          }
          for (const careType of ['inpatient', 'outpatient'] as const)
            expect(fund[careType]).toBeLessThanOrEqual(policy.careTypes[careType]?.annualCapFen ?? 0);
          expect(tier.paid).toBeLessThanOrEqual(policy.seriousIllness?.annualCapFen ?? 0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('splitting a claim in two under one running total never pays more than the cap allows', () => {
    fc.assert(
      fc.property(policyAndCase, ({ policy, c }) => {
        const first = run(policy, c);
        const second = run(policy, {
          ...c,
          yearToDate: { ...c.yearToDate, fundPaidFen: c.yearToDate.fundPaidFen + first.benefitFen },
        });
        const cap = policy.careTypes[c.encounter.careType]!.annualCapFen;
        const room = Math.max(0, cap - c.yearToDate.fundPaidFen);
        expect(first.benefitFen + second.benefitFen).toBeLessThanOrEqual(room);
      }),
      { numRuns: RUNS },
    );
  });
});
