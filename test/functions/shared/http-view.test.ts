import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { json } from '../../../functions/shared/http';
import { apiHandler } from '../../../functions/shared/route-handler';
import { apiEvent, citizenClaims } from '../../support/api-events';

const context = { functionName: 'test', awsRequestId: 'r' } as Context;
const CASE = {
  claimId: 'C20260101ABCDEFGHJKMN',
  decision: { decision: 'reject', note: '材料不全', clerkId: 'clerk-jx-7', checkNote: '内部备注' },
  insured: { idNumber: '110101199001011234' },
};
const handler = apiHandler(async () => json(200, CASE));
const call = (claims: Record<string, string>) =>
  handler(apiEvent('GET', '/claims/x', undefined, {}, claims), context).then(
    (answer) => JSON.parse(answer.body ?? '{}') as typeof CASE,
  );

describe('every API answer passes the view policy for its caller (functions/shared/http.ts)', () => {
  it('a citizen’s answer loses staff identities and notes even when the view put them in', async () => {
    const seen = await call(citizenClaims(`sha256:${'b'.repeat(64)}`));
    expect(seen.decision).toEqual({ decision: 'reject', note: '材料不全' });
    expect(seen.insured.idNumber).toBe('1101**********1234');
  });

  it('an agent filing for a citizen gets the citizen’s answer, not staff’s', async () => {
    const seen = await call({ sub: 'agent-sh-01', 'cognito:groups': '[agent]', 'custom:region': '310100' });
    expect(seen.decision).toEqual({ decision: 'reject', note: '材料不全' });
  });

  it('a clerk’s keeps them', async () => {
    const seen = await call({ sub: 'clerk-jx-7', 'cognito:groups': '[clerk]', 'custom:region': '330400' });
    expect(seen.decision).toEqual(CASE.decision);
  });

  it('an error answer is left as it is', async () => {
    const failing = apiHandler(async () => json(404, { error: 'not_found', clerkId: 'x' }));
    const answer = await failing(
      apiEvent('GET', '/claims/x', undefined, {}, citizenClaims(`sha256:${'b'.repeat(64)}`)),
      context,
    );
    expect(JSON.parse(answer.body ?? '{}')).toEqual({ error: 'not_found', clerkId: 'x' });
  });
});
