import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import { escalateFollowUps } from '../../../functions/escalate-follow-ups';
import { setDependencies } from '../../../functions/shared/dependencies';
import { FollowUpsViewSchema, RatingOfClaimViewSchema, RatingViewSchema } from '../../../domain/api/ratings';
import { HistoryViewSchema, NotificationsViewSchema } from '../../../domain/api/case-record';
import { DashboardViewSchema } from '../../../domain/api/dashboard';
import { jiaxingPolicy } from '../../support/fixtures';
import { claimRequestFor, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { followClaim, useApiServer } from './support';

const HOME_REGION = '330400';
const SUB = { efficiency: 'dissatisfied', attitude: 'basically_satisfied', outcome: 'dissatisfied' } as const;

/**
 * 好差评 through the local runtime: a bad rating opens a follow-up due in working days of the
 * national holiday calendar, the supervisor sees it, the scheduled check escalates it once it is
 * overdue, a clerk who did not decide the claim answers, and the citizen reads the answer.
 * The clock the handlers read is moved by the test (the workflow runs on the real one).
 */
describe('HTTP API: 好差评 follow-ups — due in working days, escalated when overdue, answered, shown', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  let clock: Date | undefined;
  let deciding: string;
  let answering: string;
  let otherClerk: string;
  let supervisor: string;

  beforeAll(async () => {
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([compilePolicy({ ...base, review: { benefitAboveFen: 100_000 } })]),
      now: () => clock ?? new Date(),
    });
    deciding = await api.mint({ role: 'clerk', sub: 'clerk-fu-01', region: HOME_REGION });
    answering = await api.mint({ role: 'clerk', sub: 'clerk-fu-02', region: HOME_REGION });
    otherClerk = await api.mint({ role: 'clerk', sub: 'clerk-fu-hz', region: '330500' });
    supervisor = await api.mint({ role: 'supervisor', sub: 'sup-fu-01', region: HOME_REGION });
  });

  async function file(kind: 'inpatient' | 'outpatient') {
    const { rt } = wf;
    const visit =
      kind === 'inpatient' ? rt.hospitals.generator.inpatient() : rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit);
    const citizen = await api.citizenToken(visit.patient.idNumber);
    const filed = await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(visit) });
    expect(filed.status).toBe(202);
    return { claimId: String(filed.body.claimId), citizen };
  }

  async function paidClaim() {
    for (;;) {
      const filed = await file('outpatient');
      const claim = await waitForStatus(wf.rt, filed.claimId, ['PAID', 'IN_REVIEW']);
      if (claim.status === 'PAID') return filed;
    }
  }

  const ratingOf = async (claimId: string, token: string) =>
    RatingOfClaimViewSchema.parse((await api.call('GET', `/claims/${claimId}/rating`, { token })).body)
      .rating;

  it('a 不满意 rating before National Day is due 5 working days later, past the holiday and its adjusted Saturday', async () => {
    const { claimId, citizen } = await paidClaim();
    clock = new Date('2026-09-29T02:00:00Z'); // Tuesday 29 September, 10:00 in China
    const rated = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: { level: 'dissatisfied', subScores: SUB, comment: '等了很久 slow' },
    });
    expect(rated.status).toBe(201);
    // 30 Sep (1); 1–7 Oct holiday; 8 Thu (2), 9 Fri (3), 10 Sat adjusted (4), 12 Mon (5).
    expect(RatingViewSchema.parse(rated.body).followUp).toEqual({
      dueDate: '2026-10-12',
      workingDays: 5,
      state: 'open',
    });

    // The supervisor sees it, open; the other region does not.
    const list = FollowUpsViewSchema.parse(
      (await api.call('GET', '/follow-ups', { token: supervisor })).body,
    );
    expect(list.followUps.find((f) => f.claimId === claimId)?.followUp?.state).toBe('open');
    const theirs = FollowUpsViewSchema.parse(
      (await api.call('GET', '/follow-ups', { token: otherClerk })).body,
    );
    expect(theirs.followUps.map((f) => f.claimId)).not.toContain(claimId);
    expect((await api.call('GET', '/follow-ups', { token: citizen })).status).toBe(403);

    // On the due day, nothing is escalated; the day after, it is, once.
    clock = new Date('2026-10-12T15:00:00Z'); // 23:00 on Monday 12 October in China
    await escalateFollowUps();
    expect((await ratingOf(claimId, supervisor))?.followUp?.escalatedAt).toBeUndefined();
    clock = new Date('2026-10-13T01:00:00Z');
    // (The runtime's own timer may get there first; either way it is escalated once, at this time.)
    await escalateFollowUps();
    const overdue = await ratingOf(claimId, supervisor);
    expect(overdue?.followUp).toMatchObject({ state: 'overdue', escalatedAt: '2026-10-13T01:00:00.000Z' });
    await escalateFollowUps();
    const listed = FollowUpsViewSchema.parse(
      (await api.call('GET', '/follow-ups', { token: supervisor })).body,
    );
    expect(listed.followUps[0]?.followUp?.state).toBe('overdue');
    expect(listed.followUps.find((f) => f.claimId === claimId)?.followUp?.escalatedAt).toBeDefined();

    // The citizen's claim page shows the follow-up waiting.
    expect((await ratingOf(claimId, citizen))?.followUp?.answer).toBeUndefined();

    // Answered late by a clerk of the region; other regions' clerks and the citizen cannot.
    const answerBody = { answer: '已回访核实：医院补传票据耗时较长，已督促加快。' };
    expect(
      (await api.call('POST', `/claims/${claimId}/follow-up`, { token: otherClerk, body: answerBody }))
        .status,
    ).toBe(404);
    expect(
      (await api.call('POST', `/claims/${claimId}/follow-up`, { token: citizen, body: answerBody })).status,
    ).toBe(403);
    expect(
      (await api.call('POST', `/claims/${claimId}/follow-up`, { token: answering, body: { answer: ' ' } }))
        .status,
    ).toBe(400);
    clock = new Date('2026-10-14T02:00:00Z');
    const answered = await api.call('POST', `/claims/${claimId}/follow-up`, {
      token: answering,
      body: answerBody,
    });
    expect(answered.status).toBe(200);
    expect(RatingViewSchema.parse(answered.body).followUp?.answer).toMatchObject({
      text: answerBody.answer,
      onTime: false,
      clerkId: 'clerk-fu-02',
    });
    const again = await api.call('POST', `/claims/${claimId}/follow-up`, {
      token: answering,
      body: answerBody,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_answered');

    // The citizen is told (their inbox), and reads the answer, not which clerk gave it.
    const inbox = NotificationsViewSchema.parse(
      (await api.call('GET', '/notifications', { token: citizen })).body,
    );
    expect(inbox.notifications.filter((n) => n.claimId === claimId).map((n) => n.zh)).toContainEqual(
      `您对报销申请 ${claimId} 的评价已有回复，请在申请页面查看。`,
    );
    // The citizen reads the answer, not which clerk gave it.
    const seen = await ratingOf(claimId, citizen);
    expect(seen?.followUp).toMatchObject({
      state: 'answered',
      answer: { text: answerBody.answer, onTime: false },
    });
    expect(seen?.followUp?.answer?.clerkId).toBeUndefined();

    // Answered: no longer waiting in the scheduled check's index.
    expect((await wf.rt.claims.citizens.overdueFollowUps('2026-12-31')).map((o) => o.claimId)).not.toContain(
      claimId,
    );

    // The history: rated (with the due date), escalated by the schedule, answered by the clerk; verified.
    const history = HistoryViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}/history`, { token: answering })).body,
    );
    expect(history.verified).toBe(true);
    expect(
      history.entries
        .filter((e) => e.action.startsWith('followup.') || e.action === 'rating.recorded')
        .map((e) => [e.action, e.actor]),
    ).toEqual([
      ['rating.recorded', expect.objectContaining({ role: 'citizen' })],
      ['followup.escalated', { role: 'system', sub: 'EscalateFollowUps' }],
      ['followup.answered', { role: 'clerk', sub: 'clerk-fu-02' }],
    ]);
    expect(JSON.stringify(history)).not.toContain('等了很久');
  });

  it('the clerk who rejected the claim may not answer its complaint; another clerk answers on time across the Spring Festival', async () => {
    const { rt } = wf;
    clock = undefined;
    const { claimId, citizen } = await file('inpatient');
    await waitForStatus(rt, claimId, ['IN_REVIEW']);
    await expect
      .poll(async () => Boolean((await rt.claims.get(claimId)).taskToken), { timeout: 10_000 })
      .toBe(true);
    const decided = await api.call('POST', `/claims/${claimId}/decision`, {
      token: deciding,
      body: { decision: 'reject', reasonCode: 'NOT_COVERED', note: 'not covered' },
    });
    expect(decided.status).toBe(202);
    await followClaim(api, citizen, claimId, ['REJECTED']);

    clock = new Date('2026-02-12T03:00:00Z'); // Thursday 12 February, before 春节
    const rated = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: { level: 'very_dissatisfied', subScores: { ...SUB, outcome: 'very_dissatisfied' } },
    });
    expect(rated.status).toBe(201);
    // 13 Fri, 14 Sat (adjusted), 15–23 holiday, 24, 25, 26.
    expect(RatingViewSchema.parse(rated.body).followUp?.dueDate).toBe('2026-02-26');

    const refused = await api.call('POST', `/claims/${claimId}/follow-up`, {
      token: deciding,
      body: { answer: '决定无误' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('decided_by_you');
    expect((await ratingOf(claimId, citizen))?.followUp?.answer).toBeUndefined();

    clock = new Date('2026-02-26T09:00:00Z'); // 17:00 on the due day
    const answered = await api.call('POST', `/claims/${claimId}/follow-up`, {
      token: answering,
      body: { answer: '经复核，该项目不在医保目录内，已电话说明。' },
    });
    expect(answered.status).toBe(200);
    expect((await ratingOf(claimId, citizen))?.followUp?.answer).toMatchObject({ onTime: true });

    // The dashboard's rates agree with the region's follow-ups.
    const list = FollowUpsViewSchema.parse(
      (await api.call('GET', '/follow-ups', { token: supervisor })).body,
    );
    const dashboard = DashboardViewSchema.parse(
      (await api.call('GET', '/dashboard', { token: supervisor })).body,
    );
    expect(dashboard.ratings).toMatchObject({
      satisfaction: list.satisfaction,
      followUpRate: list.followUpRate,
      onTimeRate: list.onTimeRate,
    });
    expect(list.followUps.length).toBeGreaterThanOrEqual(2);
    expect(list.followUps.filter((f) => f.followUp?.answer?.onTime === true).length).toBeGreaterThanOrEqual(
      1,
    );
    expect(list.onTimeRate).toBeGreaterThan(0);
    expect(list.onTimeRate).toBeLessThan(1);
  });

  it('the local runtime escalates an overdue follow-up on its own clock-driven schedule, without being asked', async () => {
    clock = undefined;
    const { claimId, citizen } = await paidClaim();
    clock = new Date('2026-06-01T02:00:00Z'); // Monday 1 June: due Monday 8 June
    const rated = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: { level: 'very_dissatisfied', subScores: SUB },
    });
    expect(RatingViewSchema.parse(rated.body).followUp?.dueDate).toBe('2026-06-08');
    clock = new Date('2026-06-09T01:00:00Z');
    // EscalateFollowUps runs on the runtime's timer (local/crossclaim-services.ts), as on AWS's schedule.
    await expect
      .poll(async () => (await ratingOf(claimId, supervisor))?.followUp?.escalatedAt, { timeout: 10_000 })
      .toBe('2026-06-09T01:00:00.000Z');
  });

  it('a rating without every sub-score of the policy, or with one it does not have, is 400 naming it, and nothing is stored', async () => {
    clock = undefined;
    const { claimId, citizen } = await paidClaim();
    const missing = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: { level: 'dissatisfied', subScores: { efficiency: 'dissatisfied', outcome: 'satisfied' } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toContainEqual(expect.objectContaining({ path: 'subScores.attitude' }));
    const unknown = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: { level: 'satisfied', subScores: { ...SUB, parking: 'satisfied' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues).toContainEqual(expect.objectContaining({ path: 'subScores.parking' }));
    const badLevel = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: { level: 'satisfied', subScores: { ...SUB, attitude: 'meh' } },
    });
    expect(badLevel.status).toBe(400);
    expect(await ratingOf(claimId, citizen)).toBeNull();
  });
});
