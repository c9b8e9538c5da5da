import { describe, expect, it } from 'vitest';
import type { ClaimCase } from '../../../domain/claim';
import { hashIdNumber } from '../../../domain/identity';
import {
  caseViewFor,
  callerFromClaims,
  canSeeClaim,
  requireCaller,
  requireOwnIdNumber,
  type Caller,
} from '../../../functions/shared/auth';
import { HttpError } from '../../../functions/shared/http-errors';
import { apiEvent } from '../../support/api-events';

const ID_NUMBER = '330402199001010019';
const CITIZEN_SUB = hashIdNumber(ID_NUMBER);

function statusOf(action: () => unknown): number | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error.statusCode;
    throw error;
  }
}

describe('auth: the caller from the claims the JWT authorizer verified', () => {
  it('reads the role from cognito:groups as a JSON array (the token) or flattened "[a b]" (through the HTTP API)', () => {
    const expected = { caller: { role: 'clerk', sub: 'c-1', region: '330400' } };
    expect(callerFromClaims({ sub: 'c-1', 'cognito:groups': ['clerk'], 'custom:region': '330400' })).toEqual(
      expected,
    );
    expect(callerFromClaims({ sub: 'c-1', 'cognito:groups': '[clerk]', 'custom:region': '330400' })).toEqual(
      expected,
    );
    // Groups that are not crossclaim roles are ignored.
    expect(
      callerFromClaims({ sub: 'c-1', 'cognito:groups': '[staff clerk]', 'custom:region': '330400' }),
    ).toEqual(expected);
  });

  it('refuses claims that do not describe one caller: no role, two roles, a clerk without region, a bad hospital code, a citizen without an ID hash', () => {
    const problems = (
      [
        { sub: 'x', 'cognito:groups': '[staff]' },
        { sub: 'x', 'cognito:groups': '[clerk admin]', 'custom:region': '330400' },
        { sub: 'x', 'cognito:groups': '[clerk]' },
        { sub: 'x', 'cognito:groups': '[hospital]', 'custom:hospital': 'not-a-code' },
        { sub: ID_NUMBER, 'cognito:groups': '[citizen]' },
      ] as Record<string, string>[]
    ).map((claims) => callerFromClaims(claims));
    for (const found of problems) expect(found).toHaveProperty('problem');
    expect(problems[2]).toEqual({ problem: expect.stringContaining('region') });
    expect(problems[4]).toEqual({ problem: expect.stringContaining('sha256') });
  });

  it('requireCaller: 401 without claims or with unusable ones, 403 for a role the route does not allow', () => {
    const withClaims = (claims?: Record<string, string>) => apiEvent('GET', '/claims', undefined, {}, claims);
    expect(statusOf(() => requireCaller(withClaims(), ['citizen']))).toBe(401);
    expect(
      statusOf(() => requireCaller(withClaims({ sub: 'x', 'cognito:groups': '[staff]' }), ['citizen'])),
    ).toBe(401);
    const admin = withClaims({ sub: 'a-1', 'cognito:groups': '[admin]' });
    expect(statusOf(() => requireCaller(admin, ['citizen', 'clerk']))).toBe(403);
    expect(requireCaller(admin, ['admin'])).toEqual({ role: 'admin', sub: 'a-1' });
  });

  it('a citizen files only with their own ID number: another person’s is 403', () => {
    const citizen = { role: 'citizen', sub: CITIZEN_SUB } as const;
    expect(statusOf(() => requireOwnIdNumber(citizen, ID_NUMBER))).toBeUndefined();
    expect(statusOf(() => requireOwnIdNumber(citizen, '330402198506120024'))).toBe(403);
  });

  it('who sees a case: its citizen, a clerk of its home region, an admin; not another citizen, a clerk elsewhere, a hospital', () => {
    const claim = { insured: { idNumberHash: CITIZEN_SUB, homeRegion: '330400' } } as ClaimCase;
    const sees = (caller: Caller) => canSeeClaim(caller, claim);
    expect(sees({ role: 'citizen', sub: CITIZEN_SUB })).toBe(true);
    expect(sees({ role: 'clerk', sub: 'c', region: '330400' })).toBe(true);
    expect(sees({ role: 'admin', sub: 'a' })).toBe(true);
    expect(sees({ role: 'citizen', sub: hashIdNumber('330402198506120024') })).toBe(false);
    expect(sees({ role: 'clerk', sub: 'c', region: '330500' })).toBe(false);
    expect(sees({ role: 'hospital', sub: 'h', hospital: 'H31010400002' })).toBe(false);
  });
});

describe('auth: which view of a case a caller gets', () => {
  it('staff get staff’s; a citizen, and an agent acting for one, the citizen’s', () => {
    expect(caseViewFor({ role: 'clerk', sub: 'c-1', region: '330400' })).toBe('staff');
    expect(caseViewFor({ role: 'admin', sub: 'a-1' })).toBe('staff');
    expect(caseViewFor({ role: 'citizen', sub: hashIdNumber('110101199001011237') })).toBe('citizen');
    expect(caseViewFor({ role: 'agent', sub: 'agent-1', region: '310100' })).toBe('citizen');
  });
});
