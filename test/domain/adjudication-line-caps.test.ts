import { describe, expect, it } from 'vitest';
import { adjudicate } from '../../domain/adjudication';
import { reflectsAdjustments } from '../../domain/claim-adjudication';
import { parseAdjudicationCase } from '../../domain/adjudication-case';
import { jiaxingPolicy, sharedCase, SHARED_CASE_IDS } from '../support/fixtures';

describe('a clerk’s line caps in the engine', () => {
  const policy = jiaxingPolicy();
  const cases = SHARED_CASE_IDS.map((id) => parseAdjudicationCase(sharedCase(id))).filter(
    (c) => c.policyId === policy.id,
  );

  it('a cap at or above the billed amount changes nothing', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const caps = c.items.map((item, i) => ({ seq: i + 1, allowedFen: item.amountFen, reason: 'ok' }));
      expect(adjudicate(policy, c, caps)).toEqual(adjudicate(policy, c));
    }
  });

  it('disallowing a line moves its whole amount to the patient, keeps every fen accounted for, and never raises the benefit', () => {
    for (const c of cases) {
      const plain = adjudicate(policy, c);
      c.items.forEach((item, i) => {
        const capped = adjudicate(policy, c, [{ seq: i + 1, allowedFen: 0, reason: '不予支付' }]);
        const line = capped.lines[i]!;
        expect(line.benefitFen).toBe(0);
        expect(line.eligibleFen).toBe(0);
        expect(line.adjustment).toEqual({ allowedFen: 0, disallowedFen: item.amountFen, reason: '不予支付' });
        expect(line.reason.en).toContain('A clerk disallowed');
        expect(capped.submittedFen).toBe(plain.submittedFen);
        expect(capped.benefitFen + capped.patientPaysFen).toBe(capped.submittedFen);
        expect(capped.benefitFen).toBeLessThanOrEqual(plain.benefitFen);
        expect(reflectsAdjustments(capped, [{ seq: i + 1, allowedFen: 0, reason: '不予支付' }])).toBe(
          item.amountFen > 0,
        );
        expect(reflectsAdjustments(plain, [{ seq: i + 1, allowedFen: 0, reason: '不予支付' }])).toBe(
          item.amountFen === 0,
        );
      });
    }
  });
});
