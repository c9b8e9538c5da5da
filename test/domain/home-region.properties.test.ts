import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjudicate } from '../../domain/adjudication';
import type { ClaimItem } from '../../domain/adjudication-case';
import {
  combinedTotals,
  zeroByCareType,
  type HomeYearToDate,
  type OwnTotals,
  type ReportedSettlement,
} from '../../domain/home-region';
import type { CompiledPolicy } from '../../domain/policy';
import type { CareType } from '../../domain/schema-primitives';
import { huzhouPolicy, jiaxingPolicy } from '../support/fixtures';

/**
 * One person's year, generated: what direct settlement at hospitals already paid (the home
 * region's figures), then a run of crossclaim claims, each decided on the combined totals,
 * paid, and reported to the home region now or later (or the report still in the outbox).
 * Whatever the order, the fund never pays one person more than the annual cap in a year, and
 * serious-illness insurance (the second tier) never more than its own cap.
 */
const policies = [jiaxingPolicy(), huzhouPolicy()];

const itemArb: fc.Arbitrary<ClaimItem> = fc.record({
  code: fc.constantFrom('110900001', '330100003', 'XB05AAA0010928159013962'),
  name: fc.constant('项目'),
  category: fc.constantFrom('A' as const, 'B' as const),
  amountFen: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 30_000_000 })),
});

const claimArb = fc.record({
  careType: fc.constantFrom<CareType>('inpatient', 'outpatient'),
  items: fc.array(itemArb, { minLength: 1, maxLength: 8 }),
  /** When the home region acknowledges the report: at once, after the next claim, or never yet. */
  reportAfter: fc.constantFrom(0, 1, Infinity),
  /** Direct settlement at a hospital between two crossclaim claims. */
  directBetweenFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000_000 })),
  /** The tier's share of that direct settlement, as the hospital settled it. */
  directSeriousBetweenFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000_000 })),
});

const yearArb = fc.record({
  policy: fc.constantFrom(...policies),
  directInpatientFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 45_000_000 })),
  directOutpatientFen: fc.integer({ min: 0, max: 5_000_000 }),
  /** What the tier already paid and counted through other channels this year. */
  directSeriousFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 31_000_000 })),
  directSeriousBaseFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000_000 })),
  claims: fc.array(claimArb, { minLength: 1, maxLength: 12 }),
});

function capOf(policy: CompiledPolicy, careType: CareType): number {
  return policy.careTypes[careType]?.annualCapFen ?? 0;
}

const tierCapOf = (policy: CompiledPolicy): number => policy.seriousIllness?.annualCapFen ?? 0;

describe('the annual caps of both tiers across every channel (direct settlement + crossclaim)', () => {
  it('crossclaim never pays more than the cap left after direct settlement, reported or not, for both tiers', () => {
    let tierPaidRuns = 0;
    fc.assert(
      fc.property(yearArb, (year) => {
        const { policy, directInpatientFen, directOutpatientFen, claims } = year;
        const directSeriousFen = Math.min(year.directSeriousFen, tierCapOf(policy));
        const home: HomeYearToDate = {
          year: 2026,
          fundPaidFen: { inpatient: directInpatientFen, outpatient: directOutpatientFen },
          deductibleMetFen: zeroByCareType(),
          admissions: 0,
          seriousIllnessPaidFen: directSeriousFen,
          seriousIllnessBaseFen: year.directSeriousBaseFen,
          reported: [],
        };
        const own: Required<OwnTotals> = {
          fundPaidFen: zeroByCareType(),
          deductibleMetFen: zeroByCareType(),
          admissions: 0,
          seriousIllnessPaidFen: 0,
          seriousIllnessBaseFen: 0,
        };
        let directSerious = directSeriousFen;
        let seriousByCrossclaim = 0;
        const outbox: { due: number; report: ReportedSettlement }[] = [];
        const direct = { inpatient: directInpatientFen, outpatient: directOutpatientFen };
        const paidByCrossclaim = zeroByCareType();
        claims.forEach((claim, index) => {
          const { careType } = claim;
          if (!policy.careTypes[careType]) return;
          const totals = combinedTotals(home, own);
          const result = adjudicate(policy, {
            caseId: `C${index}`,
            policyId: policy.id,
            insured: { scheme: policy.source.scheme, status: 'working' },
            encounter: {
              careType,
              hospitalLevel: 2,
              filingType: 'long_term',
              serviceDate: policy.source.effective.from,
              ...(careType === 'inpatient' && { admissionSeqInYear: totals.admissions + 1 }),
            },
            yearToDate: {
              fundPaidFen: totals.fundPaidFen[careType],
              deductibleMetFen: totals.deductibleMetFen[careType],
              seriousIllnessPaidFen: totals.seriousIllnessPaidFen ?? 0,
              seriousIllnessBaseFen: totals.seriousIllnessBaseFen ?? 0,
            },
            items: claim.items,
          });
          const tierBase = result.seriousIllness
            ? result.deductibleFen + result.coinsuranceFen + result.overCapFen
            : 0;
          // Paid: crossclaim's own accumulator counts it at once; the report goes to the outbox.
          own.fundPaidFen[careType] += result.benefitFen;
          own.deductibleMetFen[careType] += result.deductibleFen;
          own.seriousIllnessPaidFen += result.seriousIllnessFen;
          own.seriousIllnessBaseFen += tierBase;
          if (careType === 'inpatient') own.admissions += 1;
          paidByCrossclaim[careType] += result.benefitFen;
          seriousByCrossclaim += result.seriousIllnessFen;
          outbox.push({
            due: index + claim.reportAfter,
            report: {
              key: `C${index}`,
              careType,
              fundPaidFen: result.benefitFen,
              deductibleFen: result.deductibleFen,
              admission: careType === 'inpatient',
              seriousIllnessFen: result.seriousIllnessFen,
              seriousIllnessBaseFen: tierBase,
            },
          });
          // The home region counts the reports that arrive now.
          const arrive = (due: number) => {
            for (const entry of outbox.filter((e) => e.due <= due)) {
              outbox.splice(outbox.indexOf(entry), 1);
              home.reported.push(entry.report);
              home.fundPaidFen[entry.report.careType] += entry.report.fundPaidFen;
              home.deductibleMetFen[entry.report.careType] += entry.report.deductibleFen;
              home.seriousIllnessPaidFen += entry.report.seriousIllnessFen;
              home.seriousIllnessBaseFen += entry.report.seriousIllnessBaseFen;
              if (entry.report.admission) home.admissions += 1;
            }
          };
          arrive(index);
          // A hospital settles a stay directly, on what the home region knows: the outbox has
          // delivered by then (a report still in flight while a hospital settles is the one race
          // crossclaim cannot close; docs/home-region.md).
          if (claim.directBetweenFen > 0) {
            arrive(Infinity);
            const room = Math.max(0, capOf(policy, 'inpatient') - home.fundPaidFen.inpatient);
            const settled = Math.min(claim.directBetweenFen, room);
            home.fundPaidFen.inpatient += settled;
            direct.inpatient += settled;
            if (settled > 0) home.admissions += 1;
            // The hospital settles the tier's part on what the home region knows, within its cap.
            const tierRoom = Math.max(0, tierCapOf(policy) - home.seriousIllnessPaidFen);
            const tierSettled = Math.min(claim.directSeriousBetweenFen, tierRoom);
            home.seriousIllnessPaidFen += tierSettled;
            home.seriousIllnessBaseFen += claim.directSeriousBetweenFen;
            directSerious += tierSettled;
          }
        });
        if (seriousByCrossclaim > 0) tierPaidRuns += 1;
        const tierCap = tierCapOf(policy);
        expect(seriousByCrossclaim).toBeLessThanOrEqual(Math.max(0, tierCap - directSeriousFen));
        expect(directSerious + seriousByCrossclaim).toBeLessThanOrEqual(tierCap);
        for (const careType of ['inpatient', 'outpatient'] as const) {
          if (!policy.careTypes[careType]) continue;
          const cap = capOf(policy, careType);
          expect(paidByCrossclaim[careType]).toBeLessThanOrEqual(
            Math.max(0, cap - Math.min(direct[careType], cap)),
          );
          expect(direct[careType] + paidByCrossclaim[careType]).toBeLessThanOrEqual(
            Math.max(cap, direct[careType]),
          );
        }
      }),
      { numRuns: 3000 },
    );
    // The tier is exercised, not vacuously under its cap.
    expect(tierPaidRuns).toBeGreaterThan(300);
  });

  it('a payout counts once whichever side of its report the totals are read on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000_000 }),
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 10 }),
        fc.nat(),
        (directFen, payouts, split) => {
          const own: Required<OwnTotals> = {
            fundPaidFen: zeroByCareType(),
            deductibleMetFen: zeroByCareType(),
            admissions: 0,
            seriousIllnessPaidFen: 0,
            seriousIllnessBaseFen: 0,
          };
          // Each payout's tier part is a fixed share of it here, so its report carries both.
          const tierOf = (p: number) => Math.floor(p / 3);
          for (const p of payouts) {
            own.fundPaidFen.inpatient += p;
            own.seriousIllnessPaidFen += tierOf(p);
            own.seriousIllnessBaseFen += 2 * p;
          }
          const reportedCount = split % (payouts.length + 1);
          const reported = payouts.slice(0, reportedCount).map((p, i) => ({
            key: `K${i}`,
            careType: 'inpatient' as const,
            fundPaidFen: p,
            deductibleFen: 0,
            admission: false,
            seriousIllnessFen: tierOf(p),
            seriousIllnessBaseFen: 2 * p,
          }));
          const home: HomeYearToDate = {
            year: 2026,
            fundPaidFen: {
              inpatient: directFen + reported.reduce((s, r) => s + r.fundPaidFen, 0),
              outpatient: 0,
            },
            deductibleMetFen: zeroByCareType(),
            admissions: 0,
            seriousIllnessPaidFen: (directFen % 1000) + reported.reduce((s, r) => s + r.seriousIllnessFen, 0),
            seriousIllnessBaseFen: reported.reduce((s, r) => s + r.seriousIllnessBaseFen, 0),
            reported,
          };
          const sum = payouts.reduce((s, p) => s + p, 0);
          const totals = combinedTotals(home, own);
          expect(totals.fundPaidFen.inpatient).toBe(directFen + sum);
          expect(totals.seriousIllnessPaidFen).toBe(
            (directFen % 1000) + payouts.reduce((s, p) => s + tierOf(p), 0),
          );
          expect(totals.seriousIllnessBaseFen).toBe(2 * sum);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
