import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compilePolicy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import { setDependencies } from '../../../functions/shared/dependencies';
import { ClaimViewSchema, QueueItemSchema } from '../../../domain/api/claims';
import { DecisionRecordedSchema } from '../../../domain/api/clerk';
import { jiaxingPolicy } from '../../support/fixtures';
import { claimRequestFor, finished, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { fileClaim, useApiServer } from './support';

const HOME_REGION = '330400';
/**
 * The state machine's clock runs 50,000 times faster here: a day of waiting is 1.7 s, an hour
 * 72 ms. The waits' lengths come from the policy (and the clerk's request) through
 * TimeoutSecondsPath, as on AWS.
 */
const TIME_SCALE = 1 / 50_000;

describe('HTTP API: the clocks of people’s work — requests for information, service levels, late e-bills', () => {
  const wf = useClaimWorkflow({ timeScale: TIME_SCALE });
  const api = useApiServer();
  let clerk: string;
  let supervisor: string;

  function policyWith(review: Record<string, number>) {
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([
        compilePolicy({
          ...base,
          review: { benefitAboveFen: 10_000, secondClerkAboveFen: 100_000_000, ...review },
        }),
      ]),
    });
  }

  beforeAll(async () => {
    // Clerks have 30 days here (36 s scaled), so only the test that shortens it sees an escalation.
    policyWith({ clerkSlaHours: 720 });
    clerk = await api.mint({ role: 'clerk', sub: 'clerk-jx-c', region: HOME_REGION });
    supervisor = await api.mint({ role: 'supervisor', sub: 'sup-jx-c', region: HOME_REGION });
  });

  const claimInReview = () => fileClaim(wf.rt, api, ['IN_REVIEW']);

  const post = (path: string, token: string, body?: unknown) => api.call('POST', path, { token, body });

  it('a request for information waits for the citizen, whose answer brings the case back to the clerk', async () => {
    const { rt } = wf;
    const { claimId, citizen } = await claimInReview();
    const asked = await post(`/claims/${claimId}/decision`, clerk, {
      decision: 'request_info',
      question: '请上传出院小结 / please upload the discharge summary',
      deadlineDays: 30,
    });
    expect(asked.status).toBe(202);
    expect(z.strictObject(DecisionRecordedSchema.shape).parse(asked.body).decision).toBe('request_info');
    const waiting = await waitForStatus(rt, claimId, ['WAITING_FOR_INFO']);
    expect(waiting.taskToken).toBeDefined();
    const seen = ClaimViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}`, { token: citizen })).body,
    );
    expect(seen.infoRequest?.question).toContain('出院小结');

    const answered = await post(`/claims/${claimId}/information`, citizen, {
      answer: '已在医院补开，见附件说明',
    });
    expect(answered.status).toBe(202);
    const back = await waitForStatus(rt, claimId, ['IN_REVIEW']);
    await expect.poll(async () => Boolean((await rt.claims.get(claimId)).taskToken)).toBe(true);
    expect(back.infoRequest?.answer).toBe('已在医院补开，见附件说明');
    // Answering twice is refused: the claim no longer waits for an answer.
    expect((await post(`/claims/${claimId}/information`, citizen, { answer: 'again' })).status).toBe(409);

    expect((await post(`/claims/${claimId}/decision`, clerk, { decision: 'approve' })).status).toBe(202);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
  });

  it('with no answer by the deadline the claim closes, with that reason', async () => {
    const { rt } = wf;
    const { claimId } = await claimInReview();
    await post(`/claims/${claimId}/decision`, clerk, {
      decision: 'request_info',
      question: '请补充材料',
      deadlineDays: 1,
    });
    // The wait is 1.7 s here: too short to be sure of seeing it; the reason it closed with says it waited.
    const closed = await waitForStatus(rt, claimId, ['REJECTED'], 20_000);
    expect(closed.reasons?.map((r) => r.code)).toEqual(['INFORMATION_NOT_PROVIDED']);
    expect(await rt.claims.payout(claimId)).toBeUndefined();
  });

  it('a case waiting for a clerk past the policy’s limit is escalated to the supervisor’s queue', async () => {
    const { rt } = wf;
    policyWith({ clerkSlaHours: 24 });
    try {
      const { claimId } = await claimInReview();
      await expect
        .poll(async () => (await rt.claims.get(claimId)).escalatedAt, { timeout: 10_000 })
        .toBeDefined();
      const escalations = await api.call<{ claims: unknown[] }>('GET', '/escalations', { token: supervisor });
      expect(escalations.status).toBe(200);
      const item = escalations.body.claims
        .map((c) => QueueItemSchema.parse(c))
        .find((c) => c.claimId === claimId);
      expect(item?.escalatedAt).toBeDefined();
      // A clerk cannot read the supervisor's queue.
      expect((await api.call('GET', '/escalations', { token: clerk })).status).toBe(403);
      // Escalated, it still waits for a clerk, who can decide it. (The wait is re-armed every
      // 1.7 s here, so a decision can meet a retired token: 409, and the clerk retries; one that
      // wins the race against the timeout is taken, exactly once.)
      await expect
        .poll(
          async () => (await post(`/claims/${claimId}/decision`, clerk, { decision: 'approve' })).status,
          {
            timeout: 10_000,
          },
        )
        .toBe(202);
      expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    } finally {
      policyWith({ clerkSlaHours: 720 });
    }
  });

  it('a claim waiting for its e-bill past the policy’s limit goes to a clerk with the reason', async () => {
    const { rt } = wf;
    policyWith({ clerkSlaHours: 720, eBillWaitHours: 2 });
    try {
      const visit = rt.hospitals.generator.inpatient();
      rt.hospitals.simulator.addVisit(visit, 'later');
      const citizen = await api.citizenToken(visit.patient.idNumber);
      const filed = await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(visit) });
      const claimId = String(filed.body.claimId);
      // The wait is 144 ms here: failure.atStatus below says where the claim waited.
      const failed = await waitForStatus(rt, claimId, ['FAILED'], 20_000);
      expect(failed.failure?.error).toBe('States.Timeout');
      expect(failed.failure?.atStatus).toBe('WAITING_FOR_EBILL');
      expect(failed.reasons?.map((r) => r.code)).toEqual(['EBILL_NOT_ISSUED_IN_TIME']);
      const queue = await api.call<{ claims: { claimId: string }[] }>('GET', '/review-queue?status=FAILED', {
        token: clerk,
      });
      expect(queue.body.claims.map((c) => c.claimId)).toContain(claimId);
    } finally {
      policyWith({ clerkSlaHours: 720 });
    }
  });
});
