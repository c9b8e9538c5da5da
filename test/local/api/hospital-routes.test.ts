import { describe, expect, it } from 'vitest';
import { claimRequestFor, finished, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { followClaim, useApiServer } from './support';

describe('HTTP API: a hospital without EventBridge access posts its signed e-bills', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();

  const hospitalToken = (hospital: string) =>
    api.mint({ role: 'hospital', sub: `gateway-${hospital}`, hospital });

  it('hospital A cannot post as hospital B: 403 under B’s path, and 403 for B’s bill under its own', async () => {
    const { rt } = wf;
    const [a, b] = rt.hospitals.catalog.hospitals;
    const billOfB = rt.hospitals.generator.outpatient({ hospitalCode: b!.code }).bill;
    const tokenOfA = await hospitalToken(a!.code);

    const underB = await api.call('POST', `/hospitals/${b!.code}/ebills`, { token: tokenOfA, body: billOfB });
    expect(underB.status).toBe(403);
    const underA = await api.call('POST', `/hospitals/${a!.code}/ebills`, { token: tokenOfA, body: billOfB });
    expect(underA.status).toBe(403);
    expect(underA.body.message).toContain('hospital.code');
    await rt.settle();
    expect(await rt.claims.visitEBills(b!.code, billOfB.visitNo!)).toEqual([]);
  });

  it('a citizen cannot post a bill (the route is for hospitals): 403', async () => {
    const visit = wf.rt.hospitals.generator.outpatient();
    const citizen = await api.citizenToken(visit.patient.idNumber);
    const response = await api.call('POST', `/hospitals/${visit.hospitalCode}/ebills`, {
      token: citizen,
      body: visit.bill,
    });
    expect(response.status).toBe(403);
  });

  it('a bill that is not an e-bill is 400 naming the field', async () => {
    const visit = wf.rt.hospitals.generator.outpatient();
    const response = await api.call<{ issues: { path: string }[] }>(
      'POST',
      `/hospitals/${visit.hospitalCode}/ebills`,
      { token: await hospitalToken(visit.hospitalCode), body: { ...visit.bill, totalAmtFen: -1 } },
    );
    expect(response.status).toBe(400);
    expect(response.body.issues.map((i) => i.path)).toContain('totalAmtFen');
  });

  it('posting its own signed bill resumes the claim waiting for it, which is then paid', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit, 'later'); // the hospital's fetch API does not have the bill yet
    const citizen = await api.citizenToken(visit.patient.idNumber);
    const filed = await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(visit) });
    const claimId = String(filed.body.claimId);
    await waitForStatus(rt, claimId, ['WAITING_FOR_EBILL']);
    expect((await api.call('GET', `/claims/${claimId}`, { token: citizen })).body.waitingFor).toBe(
      'hospital_ebill',
    );

    const posted = await api.call('POST', `/hospitals/${visit.hospitalCode}/ebills`, {
      token: await hospitalToken(visit.hospitalCode),
      body: visit.bill,
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ billNo: visit.bill.billNo, accepted: 'for_verification' });
    await rt.settle();
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    await followClaim(api, citizen, claimId, ['PAID']);
  });

  it('a bill posted with a forged signature is accepted for verification but never stored as valid', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    const forged = {
      ...visit.bill,
      listDetail: visit.bill.listDetail.map((l) => ({ ...l, name: `${l.name}（改）` })),
    };
    const posted = await api.call('POST', `/hospitals/${visit.hospitalCode}/ebills`, {
      token: await hospitalToken(visit.hospitalCode),
      body: forged,
    });
    expect(posted.status).toBe(202);
    await rt.settle();
    expect(await rt.claims.visitEBills(visit.hospitalCode, visit.visitNo)).toEqual([]);
  });
});
