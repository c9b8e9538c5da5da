import { describe, expect, it } from 'vitest';
import { inQualitySample, reviewReasons } from '../../domain/claim-adjudication';
import { compilePolicy, DEFAULT_REVIEW_RULES, parsePolicy } from '../../domain/policy';
import { verifyClaimDocuments } from '../../domain/verification';
import { InvalidInputError } from '../../domain/validation';
import { jiaxingPolicy } from '../support/fixtures';

const base = jiaxingPolicy().source;
const withReview = (review: Record<string, unknown>) => compilePolicy(parsePolicy({ ...base, review }));

describe('routing to a clerk is policy data', () => {
  it('a policy that says nothing gets the defaults; what it says replaces them one by one', () => {
    expect(compilePolicy(base).review).toEqual(DEFAULT_REVIEW_RULES);
    const policy = withReview({
      qualitySamplePct: 2.5,
      verificationRoutes: { ALREADY_REIMBURSED: 'review' },
    });
    expect(policy.review.qualitySamplePct).toBe(2.5);
    expect(policy.review.verificationRoutes).toEqual({ ALREADY_REIMBURSED: 'review' });
    expect(policy.review.benefitAboveFen).toBe(DEFAULT_REVIEW_RULES.benefitAboveFen);
  });

  it('a misspelt finding code or an impossible rate is refused, naming the field', () => {
    const bad = (review: Record<string, unknown>) => () => parsePolicy({ ...base, review });
    expect(bad({ verificationRoutes: { ALREADY_PAID: 'review' } })).toThrow(InvalidInputError);
    expect(bad({ verificationRoutes: { ALREADY_PAID: 'review' } })).toThrow(/review\.verificationRoutes/);
    expect(bad({ qualitySamplePct: 101 })).toThrow(/review\.qualitySamplePct/);
    expect(bad({ receiptConfidenceBelow: 1.5 })).toThrow(/review\.receiptConfidenceBelow/);
    expect(bad({ clerkSlaHours: 0 })).toThrow(/review\.clerkSlaHours/);
  });

  it('amount above the threshold: the reason says by how much', () => {
    const reasons = reviewReasons(withReview({ benefitAboveFen: 10_000 }), 'C1', { benefitFen: 10_001 }, []);
    expect(reasons.map((r) => r.code)).toEqual(['AMOUNT_ABOVE_REVIEW_THRESHOLD']);
    expect(reasons[0]?.detail).toBe('10001 > 10000 fen');
    expect(reviewReasons(withReview({ benefitAboveFen: 10_000 }), 'C1', { benefitFen: 10_000 }, [])).toEqual(
      [],
    );
  });

  it('verification findings routed to review reach the clerk; a policy can route a code to review', () => {
    const input = {
      claim: {
        insured: {
          idNumberHash: 'sha256:x',
          idNumberMasked: 'x',
          name: '测试',
          scheme: 'employee',
          status: 'working',
        },
        hospitalCode: 'H99999',
        visit: { visitNo: 'V1', careType: 'inpatient', serviceDate: '2026-03-01', filingType: 'long_term' },
      },
      bills: [],
      alreadyClaimedBy: [{ billKey: 'B/1', claimId: 'C0000000000PAID' }],
      flaggedBills: new Map(),
      receiptProblems: [
        { receiptId: 'R1', kind: 'low_confidence' as const, detail: 'totalAmtFen (0.41)' },
        { receiptId: 'R2', kind: 'mismatch' as const, detail: 'totalAmtFen differs' },
      ],
      hospital: undefined,
      policy: base,
      filedOn: '2026-03-05',
    } as unknown as Parameters<typeof verifyClaimDocuments>[0];
    const byDefault = verifyClaimDocuments(input);
    const codes = (route: string) => byDefault.findings.filter((f) => f.route === route).map((f) => f.code);
    // Low OCR confidence, an e-bill/receipt mismatch and an unknown hospital go to a clerk.
    expect(codes('review')).toEqual(
      expect.arrayContaining(['RECEIPT_LOW_CONFIDENCE', 'RECEIPT_MISMATCH', 'HOSPITAL_UNKNOWN']),
    );
    expect(codes('reject')).toContain('ALREADY_REIMBURSED');
    const rerouted = verifyClaimDocuments({ ...input, routes: { ALREADY_REIMBURSED: 'review' } });
    expect(rerouted.findings.find((f) => f.code === 'ALREADY_REIMBURSED')?.route).toBe('review');

    const reasons = reviewReasons(compilePolicy(base), 'C1', { benefitFen: 1 }, rerouted.findings);
    expect(reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining([
        'RECEIPT_LOW_CONFIDENCE',
        'RECEIPT_MISMATCH',
        'HOSPITAL_UNKNOWN',
        'ALREADY_REIMBURSED',
      ]),
    );
  });

  it('the quality sample draws about the policy’s rate, the same way every time for a claim', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `C2026${String(i).padStart(10, '0')}`);
    const drawn = ids.filter((id) => inQualitySample(id, 5)).length / ids.length;
    expect(drawn).toBeGreaterThan(0.045);
    expect(drawn).toBeLessThan(0.055);
    expect(ids.filter((id) => inQualitySample(id, 5))).toEqual(ids.filter((id) => inQualitySample(id, 5)));
    expect(ids.some((id) => inQualitySample(id, 0))).toBe(false);
    expect(ids.every((id) => inQualitySample(id, 100))).toBe(true);
    const sampled = ids.find((id) => inQualitySample(id, 5))!;
    expect(
      reviewReasons(withReview({ qualitySamplePct: 5 }), sampled, { benefitFen: 1 }, []).map((r) => r.code),
    ).toEqual(['QUALITY_SAMPLE']);
  });
});
