import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import { setDependencies } from '../../../functions/shared/dependencies';
import { ClaimViewSchema, QueueItemSchema, type ClaimView } from '../../../domain/api/claims';
import { jiaxingPolicy } from '../../support/fixtures';
import { claimRequestFor, finished, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { fileClaim, followClaim, useApiServer } from './support';

const HOME_REGION = '330400'; // claimRequestFor files under Jiaxing

describe('HTTP API: a clerk of the home region decides the cases in its review queue', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  let clerk: string;
  let otherRegionClerk: string;

  beforeAll(async () => {
    // The policy's own data says when a clerk must look: here, any benefit above 100.00 yuan.
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([compilePolicy({ ...base, review: { benefitAboveFen: 10_000 } })]),
    });
    clerk = await api.mint({ role: 'clerk', sub: 'clerk-jx-01', region: HOME_REGION });
    otherRegionClerk = await api.mint({ role: 'clerk', sub: 'clerk-hz-01', region: '330500' });
  });

  /** A claim filed through the API that the workflow holds for a clerk. */
  const claimInReview = () => fileClaim(wf.rt, api, ['IN_REVIEW']);

  const decide = (claimId: string, token: string, body: unknown) =>
    api.call('POST', `/claims/${claimId}/decision`, { token, body });

  it('the queue shows the held case with its reason, oldest first; a clerk of another region sees neither', async () => {
    const older = await claimInReview();
    const newer = await claimInReview();

    const queue = await api.call<{ region: string; claims: unknown[] }>(
      'GET',
      '/review-queue?status=IN_REVIEW',
      {
        token: clerk,
      },
    );
    expect(queue.status).toBe(200);
    expect(queue.body.region).toBe(HOME_REGION);
    const items = queue.body.claims.map((c) => QueueItemSchema.parse(c));
    const ids = items.map((i) => i.claimId);
    expect(ids.indexOf(older.claimId)).toBeLessThan(ids.indexOf(newer.claimId));
    const item = items.find((i) => i.claimId === older.claimId);
    expect(item?.reasons.map((r) => r.code)).toEqual(['AMOUNT_ABOVE_REVIEW_THRESHOLD']);
    expect(item?.awaitingDecision).toBe(true);

    const theirQueue = await api.call<{ claims: { claimId: string }[] }>('GET', '/review-queue', {
      token: otherRegionClerk,
    });
    expect(theirQueue.body.claims.map((c) => c.claimId)).not.toContain(older.claimId);
    expect((await api.call('GET', `/claims/${older.claimId}`, { token: otherRegionClerk })).status).toBe(404);
    // Asking for another region's queue by name is refused, not quietly answered.
    expect(
      (await api.call('GET', `/review-queue?region=${HOME_REGION}`, { token: otherRegionClerk })).status,
    ).toBe(403);
  });

  it('a clerk of another region cannot decide the case: 404, and it stays in review', async () => {
    const { claimId } = await claimInReview();
    const response = await decide(claimId, otherRegionClerk, { decision: 'approve' });
    expect(response.status).toBe(404);
    expect((await wf.rt.claims.get(claimId)).status).toBe('IN_REVIEW');
  });

  it('a citizen cannot decide, not even their own claim: 403', async () => {
    const { claimId, citizen } = await claimInReview();
    expect((await decide(claimId, citizen, { decision: 'approve' })).status).toBe(403);
  });

  it('approval by a clerk of the region resumes the workflow, which pays the claim', async () => {
    const { rt } = wf;
    const { claimId, citizen } = await claimInReview();

    const response = await decide(claimId, clerk, { decision: 'approve', note: 'checked the bills' });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ claimId, decision: 'approve', status: 'APPROVED' });
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');

    const view = ClaimViewSchema.parse(await followClaim<ClaimView>(api, citizen, claimId, ['PAID']));
    expect(view.paidFen).toBe((await rt.claims.latestAdjudication(claimId))?.result.benefitFen);
    expect(view.decision).toMatchObject({ decision: 'approve', note: 'checked the bills' });
    expect(view.decision?.clerkId).toBeUndefined(); // the citizen is not told which clerk
    const staffView = await api.call<ClaimView>('GET', `/claims/${claimId}`, { token: clerk });
    expect(staffView.body.decision?.clerkId).toBe('clerk-jx-01');
  });

  it('a rejection ends the claim REJECTED with the clerk’s reason, which the citizen reads', async () => {
    const { rt } = wf;
    const { claimId, citizen } = await claimInReview();

    const response = await decide(claimId, clerk, {
      decision: 'reject',
      reasonCode: 'NOT_COVERED',
      note: 'the stay was for a cosmetic procedure',
    });
    expect(response.status).toBe(202);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect(await rt.claims.payout(claimId)).toBeUndefined();

    const view = ClaimViewSchema.parse(await followClaim<ClaimView>(api, citizen, claimId, ['REJECTED']));
    expect(view.reasons).toEqual([
      {
        code: 'NOT_COVERED',
        zh: '费用不属于参保地医保报销范围',
        en: 'the expenses are not covered by the home region’s insurance',
        detail: 'the stay was for a cosmetic procedure',
      },
    ]);
    expect(view.timeline.map((t) => t.fact)).toEqual(['submitted', 'decided', 'rejected']);
  });

  it('a case that is no longer waiting for a clerk cannot be decided again: 409', async () => {
    const { claimId } = await claimInReview();
    expect((await decide(claimId, clerk, { decision: 'approve' })).status).toBe(202);
    const again = await decide(claimId, clerk, {
      decision: 'reject',
      reasonCode: 'OTHER',
      note: 'second thoughts',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('not_waiting_for_clerk');
    expect((await finished(wf.rt, claimId)).status).toBe('SUCCEEDED');
    expect((await wf.rt.claims.get(claimId)).status).toBe('PAID');
  });

  it('a decision without what it needs is 400 naming the field; retry is only for failed cases (409)', async () => {
    const { claimId } = await claimInReview();
    const noNote = await api.call<{ issues: { path: string }[] }>('POST', `/claims/${claimId}/decision`, {
      token: clerk,
      body: { decision: 'reject', reasonCode: 'NOT_COVERED' },
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.issues.map((i) => i.path)).toEqual(['note']);
    const retry = await decide(claimId, clerk, { decision: 'retry' });
    expect(retry.status).toBe(409);
    expect(retry.body.error).toBe('nothing_to_retry');
    expect((await wf.rt.claims.get(claimId)).taskToken).toBeTruthy(); // still waiting for a decision
  });

  it('a case that failed (its hospital down) waits in the FAILED queue; approval is refused, a retry runs it again', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    rt.hospitals.simulator.setFaults(visit.hospitalCode, { http5xx: 503 });
    const citizen = await api.citizenToken(visit.patient.idNumber);
    const filed = await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(visit) });
    const claimId = String(filed.body.claimId);
    await waitUntil(async () => Boolean((await rt.claims.get(claimId)).taskToken));

    const queue = await api.call<{ claims: unknown[] }>('GET', '/review-queue?status=FAILED', {
      token: clerk,
    });
    const item = queue.body.claims.map((c) => QueueItemSchema.parse(c)).find((c) => c.claimId === claimId);
    expect(item?.failure).toMatchObject({ error: 'HospitalUnavailable', atStatus: 'FETCHING' });

    const approve = await decide(claimId, clerk, { decision: 'approve' });
    expect(approve.status).toBe(409);
    expect(approve.body.error).toBe('nothing_to_approve');

    rt.hospitals.simulator.clearFaults(visit.hospitalCode);
    expect((await decide(claimId, clerk, { decision: 'retry', note: 'the hospital is back' })).status).toBe(
      202,
    );
    // Run again from eligibility, the claim is adjudicated and, above the threshold, held for review.
    await waitForStatus(rt, claimId, ['IN_REVIEW']);
    await waitUntil(async () => Boolean((await rt.claims.get(claimId)).taskToken));
    expect((await decide(claimId, clerk, { decision: 'approve' })).status).toBe(202);
    await followClaim(api, citizen, claimId, ['PAID']);
  });

  it('a case whose payout was recorded before it failed keeps, on retry, the adjudication it was paid from', async () => {
    // Found by the chaos run: PayOut records the payout (and counts it in the year's totals),
    // then the bank stays down through every retry and the case fails. A clerk's retry runs the
    // claim from eligibility again; adjudicating it afresh would count its own payout as this
    // year's earlier spending (another admission, the deductible met) and show a benefit other
    // than the one paid. The recorded payout is final: its adjudication stands, paid once.
    const { rt } = wf;
    const { claimId, citizen } = await claimInReview();
    const paidFrom = (await rt.claims.latestAdjudication(claimId))!;
    expect(paidFrom.result.deductibleFen).toBeGreaterThan(0); // so a re-count would change the benefit
    const insuredId = (await rt.claims.get(claimId)).insured.idNumberHash;
    const before = await rt.claims.accumulator(insuredId, 2026);

    // PayOut tries 1 + 6 times (its BankUnavailable retry); the bank fails every one.
    rt.bank.failNextInstructions(7);
    expect((await decide(claimId, clerk, { decision: 'approve' })).status).toBe(202);
    const failed = await waitForStatus(rt, claimId, ['FAILED'], 30_000);
    expect(failed.failure?.atStatus).toBe('APPROVED');
    const payout = (await rt.claims.payout(claimId))!;
    expect(payout).toMatchObject({ amountFen: paidFrom.result.benefitFen, adjudicationSeq: paidFrom.seq });
    expect(payout.bankReference).toBeFalsy();
    expect(rt.bank.ledger().filter((t) => t.idempotencyKey === claimId)).toHaveLength(0);

    await waitUntil(async () => Boolean((await rt.claims.get(claimId)).taskToken));
    expect((await decide(claimId, clerk, { decision: 'retry', note: 'the bank is back' })).status).toBe(202);
    await waitForStatus(rt, claimId, ['IN_REVIEW', 'PAID'], 30_000);
    // Held again above the review threshold, with the benefit that was recorded for payment.
    expect((await rt.claims.get(claimId)).benefitFen).toBe(payout.amountFen);
    await waitUntil(async () => Boolean((await rt.claims.get(claimId)).taskToken));
    expect((await decide(claimId, clerk, { decision: 'approve' })).status).toBe(202);
    const paid = await followClaim<ClaimView>(api, citizen, claimId, ['PAID'], 30_000);

    expect(paid.benefit?.benefitFen).toBe(payout.amountFen);
    expect((await rt.claims.latestAdjudication(claimId))!.result.benefitFen).toBe(payout.amountFen);
    const transfers = rt.bank.ledger().filter((t) => t.idempotencyKey === claimId);
    expect(transfers.map((t) => t.amountFen)).toEqual([payout.amountFen]);
    const after = await rt.claims.accumulator(insuredId, 2026);
    expect(after.fundPaidFen.inpatient - before.fundPaidFen.inpatient).toBe(payout.amountFen);
    expect(after.version).toBe(before.version + 1);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
