import { describe, expect, it } from 'vitest';
import { eligibilityReasons } from '../../domain/eligibility';
import { jiaxingPolicy } from '../support/fixtures';

const claim = {
  insured: {
    idNumberHash: 'sha256:abc',
    idNumberMasked: '3304**********0011',
    name: '测试患者',
    scheme: 'employee',
    status: 'working' as const,
    homeRegion: '330400',
  },
  hospitalCode: 'H33060200001',
  visit: {
    visitNo: 'V1',
    careType: 'inpatient' as const,
    serviceDate: '2026-03-09',
    filingType: 'long_term' as const,
  },
  consent: {
    fetchRecords: true as const,
    hospitalCode: 'H33060200001',
    grantedAt: '2026-03-20T08:00:00+08:00',
  },
};

describe('eligibility before anything is fetched', () => {
  const policy = jiaxingPolicy();

  it('accepts a claim within the deadline, with a policy and consent', () => {
    expect(eligibilityReasons(claim, policy, '2026-03-20')).toEqual([]);
  });

  it('refuses without a policy for the home region and date', () => {
    expect(eligibilityReasons(claim, undefined, '2026-03-20').map((r) => r.code)).toEqual(['NO_POLICY']);
  });

  it('refuses after the filing deadline (730 days) and says by how much', () => {
    const [reason] = eligibilityReasons(claim, policy, '2028-03-10');
    expect(reason).toMatchObject({
      code: 'FILING_DEADLINE_PASSED',
      detail: '732 days after treatment; the limit is 730',
    });
  });

  it('refuses consent given for another hospital', () => {
    const other = { ...claim, consent: { ...claim.consent, hospitalCode: 'H31000000009' } };
    expect(eligibilityReasons(other, policy, '2026-03-20').map((r) => r.code)).toEqual(['NO_CONSENT']);
  });
});
