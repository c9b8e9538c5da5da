import { describe, expect, it } from 'vitest';
import { hospitalsVisitSource } from '../../../adapters/visits/visit-source';
import { hashIdNumber } from '../../../domain/identity';
import { visitRefOf } from '../../../domain/visits';
import { deps, setDependencies } from '../../../functions/shared/dependencies';
import { MyVisitsViewSchema, type VisitView } from '../../../domain/api/visits';
import type { FakePatient } from '../../../local/hospitals/fake-patients';
import { useClaimWorkflow } from '../../workflows/support';
import { followClaim, useApiServer } from './support';

const REGION = '330400';

describe('GET /my/visits and POST /claims from a visit: no hospital code or visit number to type', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();

  /** A new person with an inpatient stay (paid in cash) and an outpatient visit settled directly, at two hospitals. */
  function personWithVisits() {
    const { generator, simulator, catalog } = wf.rt.hospitals;
    const [first, second] = catalog.hospitals;
    const patient: FakePatient = generator.patient();
    const stay = generator.inpatient({ patient, hospitalCode: first!.code });
    const settled = generator.outpatient({ patient, hospitalCode: second!.code, settledDirectly: true });
    simulator.addVisit(stay);
    simulator.addVisit(settled);
    return { patient, stay, settled };
  }

  const visitsOf = async (token: string, query = `homeRegion=${REGION}`) => {
    const answer = await api.call<{ source: string; visits: VisitView[] }>('GET', `/my/visits?${query}`, {
      token,
    });
    return answer;
  };

  it('lists the citizen’s own visits from the home region’s record, with bill totals in fen and what was settled directly', async () => {
    const { patient, stay, settled } = personWithVisits();
    const token = await api.citizenToken(patient.idNumber);
    const answer = await visitsOf(token);
    expect(answer.status).toBe(200);
    const view = MyVisitsViewSchema.parse(answer.body);
    expect(view.source).toBe('home-region');
    const byNo = new Map(view.visits.map((v) => [v.visitNo, v]));
    expect([...byNo.keys()].sort()).toEqual([stay.visitNo, settled.visitNo].sort());
    const ownStay = byNo.get(stay.visitNo)!;
    expect(ownStay).toMatchObject({
      hospitalCode: stay.hospitalCode,
      careType: 'inpatient',
      totalAmtFen: stay.bill.totalAmtFen,
      settledDirectly: false,
      claimable: true,
    });
    expect(Number.isInteger(ownStay.totalAmtFen)).toBe(true);
    expect(ownStay.claim).toBeUndefined();
    expect(byNo.get(settled.visitNo)).toMatchObject({ settledDirectly: true, claimable: false });
    // The full ID number never leaves.
    expect(JSON.stringify(answer.body)).not.toContain(patient.idNumber);

    // Someone else sees none of them.
    const stranger = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
    expect((await visitsOf(stranger)).body.visits).toEqual([]);
  });

  it('files from a visit with only the visit, consent and the payout account; the list then marks it claimed', async () => {
    const { patient, stay } = personWithVisits();
    const token = await api.citizenToken(patient.idNumber);
    const listed = (await visitsOf(token)).body.visits.find((v) => v.visitNo === stay.visitNo)!;
    const filed = await api.call('POST', '/claims', {
      token,
      body: {
        visitRef: listed.visitRef,
        homeRegion: REGION,
        consent: { fetchRecords: true, grantedAt: new Date().toISOString() },
        payout: { bankAccount: '6222000000000000001', accountName: patient.name },
      },
    });
    expect(filed.status).toBe(202);
    const claimId = String(filed.body.claimId);
    const stored = await wf.rt.claims.get(claimId);
    expect(stored.hospitalCode).toBe(stay.hospitalCode);
    expect(stored.visit).toMatchObject({ visitNo: stay.visitNo, careType: 'inpatient' });
    expect(stored.consent.hospitalCode).toBe(stay.hospitalCode);
    expect(stored.insured.idNumberHash).toBe(hashIdNumber(patient.idNumber));
    expect(stored.insured.idNumberMasked).toBe(patient.idNumberMasked);
    await followClaim(api, token, claimId, ['PAID', 'IN_REVIEW'], 30_000);

    const again = (await visitsOf(token)).body.visits.find((v) => v.visitNo === stay.visitNo)!;
    expect(again.claim?.claimId).toBe(claimId);
    expect(again.claimable).toBe(false);
  });

  it('refuses a reference to someone else’s visit (404), a settled visit (409) and a made-up one (400 naming visitRef); nothing is filed', async () => {
    const victim = personWithVisits();
    const attacker = personWithVisits();
    const token = await api.citizenToken(attacker.patient.idNumber);
    const body = (visitRef: string) => ({
      visitRef,
      homeRegion: REGION,
      consent: { fetchRecords: true, grantedAt: new Date().toISOString() },
      payout: { bankAccount: '6222000000000000009', accountName: attacker.patient.name },
    });
    // The reference is computable by anyone who knows the visit: the server finds it among the caller's own.
    const theirs = await api.call('POST', '/claims', { token, body: body(visitRefOf(victim.stay)) });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error).toBe('visit_not_found');
    const settled = await api.call('POST', '/claims', { token, body: body(visitRefOf(attacker.settled)) });
    expect(settled.status).toBe(409);
    const bad = await api.call<{ issues: { path: string }[] }>('POST', '/claims', {
      token,
      body: body('!!'),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toEqual(['visitRef']);
    const noConsent = await api.call<{ issues: { path: string }[] }>('POST', '/claims', {
      token,
      body: {
        ...body(visitRefOf(attacker.stay)),
        consent: { fetchRecords: false, grantedAt: new Date().toISOString() },
      },
    });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.issues.map((i) => i.path)).toEqual(['consent.fetchRecords']);
    expect(await wf.rt.claims.claimsForVisit(victim.stay.hospitalCode, victim.stay.visitNo)).toEqual([]);
    expect(await wf.rt.claims.claimsOf(hashIdNumber(attacker.patient.idNumber))).toEqual([]);
  });

  it('answers 400 naming the field for a bad query, 401 without a token and 403 for staff', async () => {
    const { patient } = personWithVisits();
    const token = await api.citizenToken(patient.idNumber);
    const bad = await api.call<{ issues: { path: string }[] }>('GET', '/my/visits?homeRegion=33', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toEqual(['homeRegion']);
    expect((await api.call('GET', `/my/visits?homeRegion=${REGION}`)).status).toBe(401);
    const clerk = await api.mint({ role: 'clerk', sub: 'clerk-v-1', region: REGION });
    expect((await visitsOf(clerk)).status).toBe(403);
  });

  it('with the hospitals as the source: asks the hospitals named (400 naming `hospitals` when none), 503 when one does not answer', async () => {
    const homeRegionSource = deps('visits');
    setDependencies({ visits: hospitalsVisitSource(deps('hospitals')) });
    try {
      const { patient, stay, settled } = personWithVisits();
      const token = await api.citizenToken(patient.idNumber);
      const none = await api.call<{ issues: { path: string }[] }>('GET', `/my/visits?homeRegion=${REGION}`, {
        token,
      });
      expect(none.status).toBe(400);
      expect(none.body.issues.map((i) => i.path)).toEqual(['hospitals']);
      const one = await visitsOf(token, `homeRegion=${REGION}&hospitals=${stay.hospitalCode}`);
      expect(one.status).toBe(200);
      expect(one.body.source).toBe('hospitals');
      expect(one.body.visits.map((v) => v.visitNo)).toEqual([stay.visitNo]);
      expect(one.body.visits[0]?.totalAmtFen).toBe(stay.bill.totalAmtFen);
      const both = await visitsOf(
        token,
        `homeRegion=${REGION}&hospitals=${stay.hospitalCode},${settled.hospitalCode}`,
      );
      expect(both.body.visits.map((v) => v.visitNo).sort()).toEqual([stay.visitNo, settled.visitNo].sort());

      wf.rt.hospitals.simulator.setFaults(stay.hospitalCode, { http5xx: 503 });
      const down = await visitsOf(token, `homeRegion=${REGION}&hospitals=${stay.hospitalCode}`);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ error: 'visits_unavailable' });
      wf.rt.hospitals.simulator.setFaults(stay.hospitalCode, {});
    } finally {
      setDependencies({ visits: homeRegionSource });
    }
  });

  it('answers 503 visits_unavailable while the home region is down, and files nothing from a visit then', async () => {
    const { patient, stay } = personWithVisits();
    const token = await api.citizenToken(patient.idNumber);
    wf.rt.homeRegion.simulator.down = true;
    try {
      const answer = await visitsOf(token);
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: 'visits_unavailable' });
      const filed = await api.call('POST', '/claims', {
        token,
        body: {
          visitRef: visitRefOf(stay),
          homeRegion: REGION,
          consent: { fetchRecords: true, grantedAt: new Date().toISOString() },
          payout: { bankAccount: '6222000000000000001', accountName: patient.name },
        },
      });
      expect(filed.status).toBe(503);
      expect(await wf.rt.claims.claimsOf(hashIdNumber(patient.idNumber))).toEqual([]);
    } finally {
      wf.rt.homeRegion.simulator.down = false;
    }
  });
});
