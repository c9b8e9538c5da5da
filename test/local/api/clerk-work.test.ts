import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compilePolicy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import { setDependencies } from '../../../functions/shared/dependencies';
import { ClaimViewSchema, QueueItemSchema } from '../../../domain/api/claims';
import { DecisionRecordedSchema } from '../../../domain/api/clerk';
import { jiaxingPolicy } from '../../support/fixtures';
import { finished, useClaimWorkflow } from '../../workflows/support';
import { fileClaim, useApiServer } from './support';

const HOME_REGION = '330400';

describe('HTTP API: clerks take cases, adjust lines, and check each other (maker-checker)', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  let clerkA: string;
  let clerkB: string;
  let supervisor: string;

  /** Every claim above 100.00 yuan goes to a clerk; a decision above the second threshold needs another. */
  function policyWith(review: { secondClerkAboveFen: number }) {
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([
        compilePolicy({ ...base, review: { benefitAboveFen: 10_000, ...review } }),
      ]),
    });
  }

  beforeAll(async () => {
    policyWith({ secondClerkAboveFen: 10_000 });
    clerkA = await api.mint({ role: 'clerk', sub: 'clerk-jx-a', region: HOME_REGION });
    clerkB = await api.mint({ role: 'clerk', sub: 'clerk-jx-b', region: HOME_REGION });
    supervisor = await api.mint({ role: 'supervisor', sub: 'sup-jx', region: HOME_REGION });
  });

  async function claimInReview() {
    const { claimId, citizen } = await fileClaim(wf.rt, api, ['IN_REVIEW']);
    const adjudicated = await wf.rt.claims.latestAdjudication(claimId);
    return { claimId, citizen, benefitFen: adjudicated!.result.benefitFen, lines: adjudicated!.result.lines };
  }

  const post = (path: string, token: string, body?: unknown) => api.call('POST', path, { token, body });

  it('two clerks take the same case at once: one wins, the other is refused and cannot decide it', async () => {
    const { claimId } = await claimInReview();
    const [first, second] = await Promise.all([
      post(`/claims/${claimId}/assignment`, clerkA),
      post(`/claims/${claimId}/assignment`, clerkB),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = first.status === 200 ? clerkA : clerkB;
    const loser = winner === clerkA ? clerkB : clerkA;
    const holder = (await wf.rt.claims.get(claimId)).assignee?.clerkId;
    expect(holder).toBe(winner === clerkA ? 'clerk-jx-a' : 'clerk-jx-b');

    const refused = await post(`/claims/${claimId}/decision`, loser, {
      decision: 'reject',
      reasonCode: 'OTHER',
      note: 'x',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('assigned_to_other');
    expect((await wf.rt.claims.get(claimId)).status).toBe('IN_REVIEW');

    // The queue shows who holds it, with the case's age and service level.
    const queue = await api.call<{ claims: unknown[] }>('GET', '/review-queue', { token: loser });
    const item = queue.body.claims.map((c) => QueueItemSchema.parse(c)).find((c) => c.claimId === claimId);
    expect(item?.assignee?.clerkId).toBe(holder);
    expect(item?.sla.state).toBe('ok');

    // Released (here by the supervisor), the other clerk can take it.
    expect((await api.call('DELETE', `/claims/${claimId}/assignment`, { token: supervisor })).status).toBe(
      200,
    );
    expect((await post(`/claims/${claimId}/assignment`, loser)).status).toBe(200);
  });

  it('a clerk adjusts a line (with a reason) and approves: the engine recomputes and only that is paid', async () => {
    const { rt } = wf;
    // No second clerk for this one: the adjustment is carried out at once.
    policyWith({ secondClerkAboveFen: 100_000_000 });
    const { claimId, lines, benefitFen } = await claimInReview();
    const target = lines.find((l) => l.benefitFen > 0)!;
    const response = await post(`/claims/${claimId}/decision`, clerkA, {
      decision: 'adjust',
      lines: [{ seq: target.seq, allowedFen: 0, reason: '与诊断不符 / not indicated for the diagnosis' }],
    });
    expect(response.status).toBe(202);
    // The answer is what the route table publishes, to the last key.
    expect(z.strictObject(DecisionRecordedSchema.shape).parse(response.body)).toMatchObject({
      decision: 'adjust',
      awaitingCheck: false,
    });
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');

    policyWith({ secondClerkAboveFen: 10_000 });
    const paid = await rt.claims.payout(claimId);
    const latest = await rt.claims.latestAdjudication(claimId);
    expect(paid?.amountFen).toBe(latest?.result.benefitFen);
    expect(paid!.amountFen).toBeLessThan(benefitFen);
    const adjusted = latest!.result.lines.find((l) => l.seq === target.seq)!;
    expect(adjusted.benefitFen).toBe(0);
    expect(adjusted.adjustment?.disallowedFen).toBe(target.submittedFen);
    expect(adjusted.reason.zh).toContain('经办人核减');
    // The bill is the same; what the clerk disallowed is the patient's, and the deductible and
    // ratio are applied again to what is left (the deductible may now fall on later lines).
    expect(latest!.result.submittedFen).toBe(lines.reduce((sum, l) => sum + l.submittedFen, 0));
    expect(latest!.result.patientPaysFen + latest!.result.benefitFen).toBe(latest!.result.submittedFen);
  });

  it('an adjustment naming a line that does not exist, or allowing more than billed, is refused and changes nothing', async () => {
    const { claimId, lines } = await claimInReview();
    const before = await wf.rt.claims.get(claimId);
    const tooMuch = await post(`/claims/${claimId}/decision`, clerkA, {
      decision: 'adjust',
      lines: [{ seq: 1, allowedFen: lines[0]!.submittedFen + 1, reason: 'x' }],
    });
    expect(tooMuch.status).toBe(400);
    expect(JSON.stringify(tooMuch.body)).toContain('lines.0.allowedFen');
    const noLine = await post(`/claims/${claimId}/decision`, clerkA, {
      decision: 'adjust',
      lines: [{ seq: lines.length + 1, allowedFen: 0, reason: 'x' }],
    });
    expect(noLine.status).toBe(400);
    expect((await wf.rt.claims.get(claimId)).version).toBe(before.version);
  });

  it('above the second threshold a decision waits for another clerk; the maker cannot check it; the checker confirms', async () => {
    const { rt } = wf;
    // The simulated inpatient stays pay more than 5,000.00 yuan.
    const claim = await claimInReview();
    expect(claim.benefitFen).toBeGreaterThan(10_000);
    const { claimId, citizen } = claim;

    const made = await post(`/claims/${claimId}/decision`, clerkA, {
      decision: 'approve',
      note: 'bills checked',
    });
    expect(made.status).toBe(202);
    expect(z.strictObject(DecisionRecordedSchema.shape).parse(made.body).awaitingCheck).toBe(true);
    expect((await rt.claims.get(claimId)).status).toBe('IN_REVIEW');
    expect(await rt.claims.payout(claimId)).toBeUndefined();

    const selfCheck = await post(`/claims/${claimId}/check`, clerkA, { verdict: 'confirm' });
    expect(selfCheck.status).toBe(409);
    expect(selfCheck.body.error).toBe('maker_cannot_check');
    expect(await rt.claims.payout(claimId)).toBeUndefined();

    const checked = await post(`/claims/${claimId}/check`, clerkB, { verdict: 'confirm' });
    expect(checked.status).toBe(202);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.payout(claimId))?.amountFen).toBe(claim.benefitFen);

    // The history says who made and who checked the decision.
    const history = await api.call<{
      entries: { action: string; actor: { sub: string }; after?: Record<string, unknown> }[];
    }>('GET', `/claims/${claimId}/history`, { token: clerkB });
    const proposed = history.body.entries.find((e) => e.action === 'decision.proposed');
    const recorded = history.body.entries.find((e) => e.action === 'decision.recorded');
    expect(proposed?.actor.sub).toBe('clerk-jx-a');
    expect(recorded?.actor.sub).toBe('clerk-jx-b');
    expect(JSON.stringify(recorded?.after)).toContain('"checkedBy":"clerk-jx-b"');
    // The citizen sees the decision, not which clerks made it.
    const view = ClaimViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}`, { token: citizen })).body,
    );
    expect(view.decision?.decision).toBe('approve');
    expect(view.decision?.clerkId).toBeUndefined();
    expect(view.decision?.checkedBy).toBeUndefined();
  });

  it('a checker who returns a decision says why; the maker proposes again and the checker confirms with a note', async () => {
    const { rt } = wf;
    const { claimId } = await claimInReview();
    await post(`/claims/${claimId}/decision`, clerkA, { decision: 'approve' });
    const returned = await post(`/claims/${claimId}/check`, clerkB, {
      verdict: 'return',
      note: '请核对床位费',
    });
    expect(returned.status).toBe(202);
    const afterReturn = await rt.claims.get(claimId);
    expect(afterReturn.pendingCheck).toBeUndefined();
    expect(afterReturn.returnedCheck).toMatchObject({
      makerId: 'clerk-jx-a',
      checkerId: 'clerk-jx-b',
      note: '请核对床位费',
    });
    expect(await rt.claims.payout(claimId)).toBeUndefined();

    await post(`/claims/${claimId}/decision`, clerkA, { decision: 'approve', note: '床位费已核对' });
    expect(
      (await post(`/claims/${claimId}/check`, clerkB, { verdict: 'confirm', note: '同意' })).status,
    ).toBe(202);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    const trail = await rt.claims.auditTrail(claimId);
    const returnedEntry = trail.entries.find((e) => e.action === 'decision.returned');
    expect(returnedEntry?.actor.sub).toBe('clerk-jx-b');
    expect(JSON.stringify(returnedEntry?.after)).toContain('请核对床位费');
    expect((await rt.claims.get(claimId)).decision).toMatchObject({
      checkedBy: 'clerk-jx-b',
      checkNote: '同意',
    });
    // The maker's request sent again (a network retry) answers as before, whatever the checker noted.
    const retried = await post(`/claims/${claimId}/decision`, clerkA, {
      decision: 'approve',
      note: '床位费已核对',
    });
    expect(retried.status).toBe(202);
    expect(await rt.bank.ledger().filter((t) => t.idempotencyKey === claimId)).toHaveLength(1);
  });

  it('the queue reads a page at a time, in the same order as all at once; a foreign cursor is refused', async () => {
    await claimInReview();
    await claimInReview();
    type Page = { claims: { claimId: string }[]; nextCursor?: string };
    const all = await api.call<Page>('GET', '/review-queue?limit=200', { token: clerkA });
    expect(all.body.claims.length).toBeGreaterThanOrEqual(2);
    expect(all.body.nextCursor).toBeUndefined();
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const query = cursor ? `?limit=1&cursor=${encodeURIComponent(cursor)}` : '?limit=1';
      const page = await api.call<Page>('GET', `/review-queue${query}`, { token: clerkA });
      expect(page.status).toBe(200);
      expect(page.body.claims.length).toBeLessThanOrEqual(1);
      paged.push(...page.body.claims.map((c) => c.claimId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.body.claims.map((c) => c.claimId));

    const first = await api.call<Page>('GET', '/review-queue?limit=1', { token: clerkA });
    const failedQueue = `/review-queue?status=FAILED&limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`;
    const foreign = await api.call('GET', failedQueue, { token: clerkA });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('cursor');
    expect((await api.call('GET', '/review-queue?cursor=not-a-cursor', { token: clerkA })).status).toBe(400);
    expect((await api.call('GET', '/review-queue?limit=0', { token: clerkA })).status).toBe(400);
  });

  it('a decision sent twice (a network retry) takes effect once', async () => {
    const { rt } = wf;
    const { claimId } = await claimInReview();
    const body = { decision: 'reject', reasonCode: 'DOCUMENTS_INCOMPLETE', note: '缺少出院小结' };
    const first = await post(`/claims/${claimId}/decision`, clerkA, body);
    const again = await post(`/claims/${claimId}/decision`, clerkA, body);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('REJECTED');
    const trail = await rt.claims.auditTrail(claimId);
    expect(trail.entries.filter((e) => e.action === 'decision.recorded')).toHaveLength(1);
    // A different decision afterwards is refused.
    const other = await post(`/claims/${claimId}/decision`, clerkA, { decision: 'approve' });
    expect(other.status).toBe(409);
  });
});
