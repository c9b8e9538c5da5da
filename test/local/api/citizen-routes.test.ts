import { describe, expect, it } from 'vitest';
import { ClaimSummarySchema, ClaimViewSchema, type ClaimView } from '../../../domain/api/claims';
import { hashIdNumber } from '../../../domain/identity';
import type { GeneratedVisit } from '../../../local/hospitals/bill-generator';
import { claimRequestFor, useClaimWorkflow } from '../../workflows/support';
import { followClaim, useApiServer } from './support';

describe('HTTP API: a citizen files a claim and follows it', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();

  /** Nothing was filed for the visit, nor for the person it names. */
  async function expectNothingFiled(visit: GeneratedVisit) {
    const { claims } = wf.rt;
    expect(await claims.claimsForVisit(visit.hospitalCode, visit.visitNo)).toEqual([]);
    expect(await claims.claimsOf(hashIdNumber(visit.patient.idNumber))).toEqual([]);
  }

  async function filedClaim() {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const token = await api.citizenToken(visit.patient.idNumber);
    const response = await api.call('POST', '/claims', { token, body: claimRequestFor(visit) });
    expect(response.status).toBe(202);
    const claimId = String(response.body.claimId);
    return { visit, token, claimId, response };
  }

  it('POST /claims with the citizen’s token starts the claim, and GET /claims/{id} follows it to PAID', async () => {
    const { visit, token, claimId, response } = await filedClaim();
    expect(response.headers.get('location')).toBe(`/claims/${claimId}`);

    const view = ClaimViewSchema.parse(await followClaim<ClaimView>(api, token, claimId, ['PAID']));
    expect(view.paidFen).toBeGreaterThan(0);
    expect(view.paidFen).toBe(view.benefit?.benefitFen);
    expect(view.benefit?.lines).toHaveLength(visit.bill.listDetail.length);
    expect(view.timeline.map((t) => t.fact)).toEqual(['submitted', 'paid']);
    // Identity and bank account leave masked only.
    expect(view.payout.bankAccountMasked).toBe('****0001');
    const text = JSON.stringify(view);
    expect(text).not.toContain(visit.patient.idNumber);
    expect(text).not.toContain('6222000000000000001');
    expect(text).not.toContain(visit.patient.name);
  });

  it('GET /claims lists the citizen’s own claims, newest first, and nobody else’s', async () => {
    const first = await filedClaim();
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient({ patient: first.visit.patient });
    rt.hospitals.simulator.addVisit(visit);
    const second = await api.call('POST', '/claims', { token: first.token, body: claimRequestFor(visit) });
    expect(second.status).toBe(202);

    const mine = await api.call<{ claims: unknown[] }>('GET', '/claims', { token: first.token });
    expect(mine.status).toBe(200);
    const claims = mine.body.claims.map((c) => ClaimSummarySchema.parse(c));
    expect(claims.map((c) => c.claimId)).toEqual([second.body.claimId, first.claimId]);

    const stranger = await api.citizenToken(rt.hospitals.generator.patient().idNumber);
    expect((await api.call('GET', '/claims', { token: stranger })).body).toEqual({ claims: [] });
  });

  it('another citizen asking for the claim gets 404, the same as for a claim that does not exist', async () => {
    const { claimId } = await filedClaim();
    const stranger = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
    const theirs = await api.call('GET', `/claims/${claimId}`, { token: stranger });
    const missing = await api.call('GET', '/claims/C20260101ABCDEFGHJKMN', { token: stranger });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.error).toBe(missing.body.error);
  });

  it('without a token the claim is 401, and nothing is filed without one either', async () => {
    const { claimId } = await filedClaim();
    expect((await api.call('GET', `/claims/${claimId}`)).status).toBe(401);
    const visit = wf.rt.hospitals.generator.outpatient();
    const response = await api.call('POST', '/claims', { body: claimRequestFor(visit) });
    expect(response.status).toBe(401);
    await expectNothingFiled(visit);
  });

  it('a body with a bad field is 400 naming the field, and nothing is stored', async () => {
    const visit = wf.rt.hospitals.generator.outpatient();
    const token = await api.citizenToken(visit.patient.idNumber);
    const body = claimRequestFor(visit);
    const response = await api.call<{ issues: { path: string }[] }>('POST', '/claims', {
      token,
      body: { ...body, payout: { ...body.payout, bankAccount: '12ab' } },
    });
    expect(response.status).toBe(400);
    expect(response.body.issues.map((i) => i.path)).toEqual(['payout.bankAccount']);
    await expectNothingFiled(visit);
  });

  it('with an Idempotency-Key, a repeated POST (a retry after a lost answer) files once and answers with that claim', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit);
    const token = await api.citizenToken(visit.patient.idNumber);
    const body = claimRequestFor(visit);
    const headers = { 'idempotency-key': 'retry-test-0001' };
    const [first, concurrent] = await Promise.all([
      api.call('POST', '/claims', { token, body, headers }),
      api.call('POST', '/claims', { token, body, headers }),
    ]);
    const again = await api.call('POST', '/claims', { token, body, headers });
    expect([first.status, concurrent.status, again.status]).toEqual([202, 202, 202]);
    const claimId = String(first.body.claimId);
    expect([concurrent.body.claimId, again.body.claimId]).toEqual([claimId, claimId]);
    expect(await rt.claims.claimsForVisit(visit.hospitalCode, visit.visitNo)).toEqual([claimId]);
    await followClaim(api, token, claimId, ['PAID']);

    // The same key with another request is refused, and files nothing.
    const other = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(other);
    const reused = await api.call('POST', '/claims', {
      token: await api.citizenToken(visit.patient.idNumber),
      body: { ...body, visit: { ...body.visit, visitNo: other.visitNo } },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe('idempotency_key_reused');
    expect(await rt.claims.claimsForVisit(visit.hospitalCode, other.visitNo)).toEqual([]);

    // Another citizen sending the same key files their own claim: keys are each citizen's own.
    const theirs = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(theirs);
    const stranger = await api.call('POST', '/claims', {
      token: await api.citizenToken(theirs.patient.idNumber),
      body: claimRequestFor(theirs),
      headers,
    });
    expect(stranger.status).toBe(202);
    expect(stranger.body.claimId).not.toBe(claimId);
    expect(await rt.claims.claimsForVisit(theirs.hospitalCode, theirs.visitNo)).toEqual([
      stranger.body.claimId,
    ]);

    // A malformed key is 400 naming the header; nothing is filed.
    const fresh = rt.hospitals.generator.outpatient();
    const malformed = await api.call<{ issues: { path: string }[] }>('POST', '/claims', {
      token: await api.citizenToken(fresh.patient.idNumber),
      body: claimRequestFor(fresh),
      headers: { 'idempotency-key': 'short' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues.map((i) => i.path)).toEqual(['headers.idempotency-key']);
    await expectNothingFiled(fresh);
  });

  it('a citizen filing for another person’s ID number is 403, and nothing is stored', async () => {
    const visit = wf.rt.hospitals.generator.outpatient();
    const someoneElse = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
    const response = await api.call('POST', '/claims', { token: someoneElse, body: claimRequestFor(visit) });
    expect(response.status).toBe(403);
    expect(response.body.message).toContain('insured.idNumber');
    await expectNothingFiled(visit);
  });

  it('a clerk may not file a claim (the route is for citizens): 403', async () => {
    const visit = wf.rt.hospitals.generator.outpatient();
    const clerk = await api.mint({ role: 'clerk', sub: 'clerk-1', region: '330400' });
    const response = await api.call('POST', '/claims', { token: clerk, body: claimRequestFor(visit) });
    expect(response.status).toBe(403);
  });
});
