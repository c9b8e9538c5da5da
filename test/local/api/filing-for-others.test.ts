import { describe, expect, it } from 'vitest';
import { hashIdNumber } from '../../../domain/identity';
import type { GeneratedVisit } from '../../../local/hospitals/bill-generator';
import { receiptFixture } from '../../support/receipt-fixtures';
import { claimRequestFor, useClaimWorkflow } from '../../workflows/support';
import { useApiServer } from './support';

interface HistoryBody {
  entries: { action: string; actor: { role: string; sub?: string } }[];
}

/**
 * Filing for someone else (帮办 / 代办), through the local runtime: a family delegate on a
 * delegation the citizen recorded, a service-window agent on the citizen's signed authorisation;
 * and everything an adversary would try instead.
 */
describe('filing for someone else: a family delegate and a service-window agent', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  const png = receiptFixture('national-clean-1').png;

  /** A citizen with a new stay billed at a hospital, and their token. */
  async function citizenWithStay() {
    const visit = wf.rt.hospitals.generator.inpatient();
    wf.rt.hospitals.simulator.addVisit(visit);
    return { visit, token: await api.citizenToken(visit.patient.idNumber) };
  }

  /** Another stay of the same person, not claimed yet. */
  function anotherStay(of: GeneratedVisit): GeneratedVisit {
    const visit = wf.rt.hospitals.generator.outpatient({ patient: of.patient });
    wf.rt.hospitals.simulator.addVisit(visit);
    return visit;
  }

  const claimsOf = (visit: GeneratedVisit) => wf.rt.claims.claimsOf(hashIdNumber(visit.patient.idNumber));

  async function upload(token: string): Promise<string> {
    const response = await fetch(`${api.url}/receipt-images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(response.status).toBe(201);
    return String(((await response.json()) as { imageId: string }).imageId);
  }

  async function familyDelegation(citizenToken: string, delegateIdNumber: string): Promise<string> {
    const made = await api.call('POST', '/my/delegations', {
      token: citizenToken,
      body: {
        kind: 'family',
        delegate: { idNumber: delegateIdNumber, name: '测试家属' },
        relationship: 'child',
      },
    });
    expect(made.status).toBe(201);
    expect(made.body.authorisationCode).toBeUndefined();
    return String(made.body.delegationId);
  }

  async function windowAuthorisation(citizenToken: string): Promise<{ delegationId: string; code: string }> {
    const made = await api.call('POST', '/my/delegations', { token: citizenToken, body: { kind: 'agent' } });
    expect(made.status).toBe(201);
    return { delegationId: String(made.body.delegationId), code: String(made.body.authorisationCode) };
  }

  const agentToken = (sub = 'agent-sh-01', region = '310100') => api.mint({ role: 'agent', sub, region });

  it('a family delegate files for the citizen: the claim is in the citizen’s list, its history names the delegation, the citizen is notified', async () => {
    const { visit, token } = await citizenWithStay();
    const relative = wf.rt.hospitals.generator.patient();
    const delegate = await api.citizenToken(relative.idNumber);
    const delegationId = await familyDelegation(token, relative.idNumber);

    const filed = await api.call('POST', '/claims', {
      token: delegate,
      body: { ...claimRequestFor(visit), onBehalfOf: { delegationId } },
    });
    expect(filed.status).toBe(202);
    const claimId = String(filed.body.claimId);

    const mine = await api.call<{ claims: { claimId: string }[] }>('GET', '/claims', { token });
    expect(mine.body.claims.map((c) => c.claimId)).toContain(claimId);
    const history = await api.call<HistoryBody>('GET', `/claims/${claimId}/history`, { token });
    expect(history.body.entries[0]).toMatchObject({
      action: 'claim.submitted',
      actor: { role: 'delegate', sub: delegationId },
    });
    // The delegate's ID hash is never shown.
    expect(JSON.stringify(history.body)).not.toContain(hashIdNumber(relative.idNumber));
    const notices = await api.call<{ notifications: { claimId: string; zh: string }[] }>(
      'GET',
      '/notifications',
      {
        token,
      },
    );
    expect(notices.body.notifications.find((n) => n.claimId === claimId)?.zh).toContain('代您提交');
    const view = await api.call('GET', `/claims/${claimId}`, { token });
    expect(view.body.filedBy).toEqual({ role: 'delegate', authorityId: delegationId });
    // The claim is the citizen's, not the delegate's.
    expect((await api.call('GET', `/claims/${claimId}`, { token: delegate })).status).toBe(404);
    expect(
      (await api.call<{ claims: unknown[] }>('GET', '/claims', { token: delegate })).body.claims,
    ).toEqual([]);
  });

  it('a delegate with a revoked delegation gets 403 and files nothing; the citizen’s list shows it revoked', async () => {
    const { visit, token } = await citizenWithStay();
    const relative = wf.rt.hospitals.generator.patient();
    const delegate = await api.citizenToken(relative.idNumber);
    const delegationId = await familyDelegation(token, relative.idNumber);
    expect((await api.call('DELETE', `/my/delegations/${delegationId}`, { token })).status).toBe(200);

    const filed = await api.call('POST', '/claims', {
      token: delegate,
      body: { ...claimRequestFor(visit), onBehalfOf: { delegationId } },
    });
    expect(filed.status).toBe(403);
    expect(await claimsOf(visit)).toEqual([]);
    const listed = await api.call<{ delegations: { delegationId: string; revokedAt?: string }[] }>(
      'GET',
      '/my/delegations',
      { token },
    );
    expect(listed.body.delegations.find((d) => d.delegationId === delegationId)?.revokedAt).toBeDefined();
    // Nobody else can revoke (or learn of) the citizen's delegations.
    const other = await familyDelegation(token, relative.idNumber);
    expect((await api.call('DELETE', `/my/delegations/${other}`, { token: delegate })).status).toBe(404);
  });

  it('refuses a delegation presented by someone it does not name, or for someone who did not record it (403, nothing filed)', async () => {
    const citizenX = await citizenWithStay();
    const citizenY = await citizenWithStay();
    const relative = wf.rt.hospitals.generator.patient();
    const delegate = await api.citizenToken(relative.idNumber);
    const delegationOfX = await familyDelegation(citizenX.token, relative.idNumber);
    // A stranger presenting X's delegation.
    const stranger = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
    const byStranger = await api.call('POST', '/claims', {
      token: stranger,
      body: { ...claimRequestFor(citizenX.visit), onBehalfOf: { delegationId: delegationOfX } },
    });
    expect(byStranger.status).toBe(403);
    // X's delegate filing for Y with X's delegation.
    const forY = await api.call('POST', '/claims', {
      token: delegate,
      body: { ...claimRequestFor(citizenY.visit), onBehalfOf: { delegationId: delegationOfX } },
    });
    expect(forY.status).toBe(403);
    // A made-up delegation id.
    const madeUp = await api.call('POST', '/claims', {
      token: delegate,
      body: { ...claimRequestFor(citizenX.visit), onBehalfOf: { delegationId: 'D0123456789ABCDEF' } },
    });
    expect(madeUp.status).toBe(403);
    expect(await claimsOf(citizenX.visit)).toEqual([]);
    expect(await claimsOf(citizenY.visit)).toEqual([]);
    // The payout of a claim filed for someone goes to an account in their name, not the filer's.
    const toDelegate = await api.call<{ issues: { path: string }[] }>('POST', '/claims', {
      token: delegate,
      body: {
        ...claimRequestFor(citizenX.visit),
        payout: { bankAccount: '6222000000000000077', accountName: relative.name },
        onBehalfOf: { delegationId: delegationOfX },
      },
    });
    expect(toDelegate.status).toBe(400);
    expect(toDelegate.body.issues.map((i) => i.path)).toEqual(['payout.accountName']);
    expect(await claimsOf(citizenX.visit)).toEqual([]);
    // A bad field is named.
    const bad = await api.call<{ issues: { path: string }[] }>('POST', '/claims', {
      token: delegate,
      body: { ...claimRequestFor(citizenX.visit), onBehalfOf: { delegationId: 'nope' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toEqual(['onBehalfOf.delegationId']);
  });

  it('an agent files once with the signed authorisation and its code: the citizen sees the claim, its history names the agent, the citizen is notified; the agent sees only that claim', async () => {
    const { visit, token } = await citizenWithStay();
    // The citizen's own earlier claim, which the agent must never see.
    const own = anotherStay(visit);
    const ownClaim = await api.call('POST', '/claims', { token, body: claimRequestFor(own) });
    expect(ownClaim.status).toBe(202);
    const authorisation = await windowAuthorisation(token);
    expect(authorisation.code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const agent = await agentToken();
    const signedForm = await upload(agent);

    const filed = await api.call('POST', '/claims', {
      token: agent,
      body: {
        ...claimRequestFor(visit),
        onBehalfOf: { ...authorisation, signedAuthorisation: { imageId: signedForm } },
      },
    });
    expect(filed.status).toBe(202);
    const claimId = String(filed.body.claimId);

    const mine = await api.call<{ claims: { claimId: string }[] }>('GET', '/claims', { token });
    expect(mine.body.claims.map((c) => c.claimId)).toEqual(
      expect.arrayContaining([claimId, ownClaim.body.claimId]),
    );
    const history = await api.call<HistoryBody>('GET', `/claims/${claimId}/history`, { token });
    expect(history.body.entries[0]).toMatchObject({
      action: 'claim.submitted',
      actor: { role: 'agent', sub: 'agent-sh-01' },
    });
    const notices = await api.call<{ notifications: { claimId: string; zh: string }[] }>(
      'GET',
      '/notifications',
      {
        token,
      },
    );
    expect(notices.body.notifications.find((n) => n.claimId === claimId)?.zh).toContain('agent-sh-01');
    const stored = await wf.rt.claims.get(claimId);
    expect(stored.filedBy).toMatchObject({
      role: 'agent',
      sub: 'agent-sh-01',
      region: '310100',
      authorityId: authorisation.delegationId,
      signedAuthorisationImageId: signedForm,
    });

    // The citizen's claim page says who filed it.
    const view = await api.call('GET', `/claims/${claimId}`, { token });
    expect(view.body.filedBy).toEqual({
      role: 'agent',
      agentId: 'agent-sh-01',
      region: '310100',
      authorityId: authorisation.delegationId,
    });
    // The agent sees the claim they filed, and nothing else of the citizen's.
    expect((await api.call('GET', `/claims/${claimId}`, { token: agent })).status).toBe(200);
    expect((await api.call('GET', `/claims/${String(ownClaim.body.claimId)}`, { token: agent })).status).toBe(
      404,
    );
    expect((await api.call('GET', '/claims', { token: agent })).status).toBe(403);
    expect(
      (await api.call('GET', `/claims/${String(ownClaim.body.claimId)}/history`, { token: agent })).status,
    ).toBe(403);
    expect((await api.call('GET', '/notifications', { token: agent })).status).toBe(403);
    // Another agent does not see it either.
    const otherAgent = await agentToken('agent-hz-02', '330500');
    expect((await api.call('GET', `/claims/${claimId}`, { token: otherAgent })).status).toBe(404);

    // The authorisation was for one filing: used again, it is 403.
    const again = anotherStay(visit);
    const reused = await api.call('POST', '/claims', {
      token: agent,
      body: {
        ...claimRequestFor(again),
        onBehalfOf: { ...authorisation, signedAuthorisation: { imageId: signedForm } },
      },
    });
    expect(reused.status).toBe(403);
    expect(await wf.rt.claims.claimsForVisit(again.hospitalCode, again.visitNo)).toEqual([]);
  });

  it('refuses an agent without an authorisation, with a forged code, with another person’s authorisation, a revoked one or a family delegation (403), and without the signed form (400); nothing is filed', async () => {
    const { visit, token } = await citizenWithStay();
    const other = await citizenWithStay();
    const agent = await agentToken('agent-jx-07', '330400');
    const signedForm = await upload(agent);
    const authorisation = await windowAuthorisation(token);
    const authorisationOfOther = await windowAuthorisation(other.token);
    const file = (onBehalfOf: Record<string, unknown> | undefined) =>
      api.call<{ issues?: { path: string }[] }>('POST', '/claims', {
        token: agent,
        body: { ...claimRequestFor(visit), ...(onBehalfOf && { onBehalfOf }) },
      });
    const signed = { signedAuthorisation: { imageId: signedForm } };

    expect((await file(undefined)).status).toBe(403);
    // A forged code: the right delegation, a code the citizen was never shown.
    const forged = authorisation.code.startsWith('A')
      ? `B${authorisation.code.slice(1)}`
      : `A${authorisation.code.slice(1)}`;
    expect((await file({ delegationId: authorisation.delegationId, code: forged, ...signed })).status).toBe(
      403,
    );
    // Another person's authorisation (their id and their genuine code) for this citizen's claim.
    expect((await file({ ...authorisationOfOther, ...signed })).status).toBe(403);
    // A family delegation is for the family member, not for a window.
    const relative = wf.rt.hospitals.generator.patient();
    const family = await familyDelegation(token, relative.idNumber);
    expect((await file({ delegationId: family, code: authorisation.code, ...signed })).status).toBe(403);
    // Without the signed form, or with a form someone else uploaded: 400 naming the field.
    const unsigned = await file({ ...authorisation });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.issues?.map((i) => i.path)).toEqual(['onBehalfOf.signedAuthorisation']);
    const citizensUpload = await upload(token);
    const notTheirs = await file({ ...authorisation, signedAuthorisation: { imageId: citizensUpload } });
    expect(notTheirs.status).toBe(400);
    expect(notTheirs.body.issues?.map((i) => i.path)).toEqual(['onBehalfOf.signedAuthorisation.0.imageId']);
    // A citizen (not an agent) presenting the window authorisation.
    const delegate = await api.citizenToken(relative.idNumber);
    const byCitizen = await api.call('POST', '/claims', {
      token: delegate,
      body: { ...claimRequestFor(visit), onBehalfOf: { ...authorisation } },
    });
    expect(byCitizen.status).toBe(403);
    // Guessing codes locks the authorisation: after 5 wrong codes the right one is refused too.
    const guessed = await windowAuthorisation(token);
    for (let i = 0; i < 5; i++) {
      const wrong = `${'ABCDEFGHJK'.slice(i, i + 1)}${guessed.code.slice(1)}`;
      const attempt = wrong === guessed.code ? `Z${guessed.code.slice(1)}` : wrong;
      expect((await file({ delegationId: guessed.delegationId, code: attempt, ...signed })).status).toBe(403);
    }
    expect((await file({ ...guessed, ...signed })).status).toBe(403);
    const listed = await api.call<{ delegations: { delegationId: string; locked?: boolean }[] }>(
      'GET',
      '/my/delegations',
      { token },
    );
    expect(listed.body.delegations.find((d) => d.delegationId === guessed.delegationId)?.locked).toBe(true);
    // Revoked before use.
    expect(
      (await api.call('DELETE', `/my/delegations/${authorisation.delegationId}`, { token })).status,
    ).toBe(200);
    expect((await file({ ...authorisation, ...signed })).status).toBe(403);
    expect(await claimsOf(visit)).toEqual([]);
  });
});
