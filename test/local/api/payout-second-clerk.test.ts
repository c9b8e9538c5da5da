import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy, type Policy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import { setDependencies } from '../../../functions/shared/dependencies';
import { jiaxingPolicy } from '../../support/fixtures';
import { claimRequestFor, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { useApiServer } from './support';

/**
 * The PayOut rule (domain/second-pair-of-eyes.ts needsSecondClerk) through the real state
 * machine and API: a clerk approves a stay at a benefit just at the maker-checker threshold (no
 * checker needed); before PayOut runs, another stay of the same person is paid, so the second
 * admission's deductible halves (jiaxing: factorPctByAdmissionSeq 100, 50, 0) and PayOut's
 * re-adjudication pays more than the clerk saw, above the threshold. It must not pay that.
 */
describe('PayOut re-adjudicated above the threshold a clerk saw waits for a second clerk', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  const source = jiaxingPolicy().source;
  const withReview = (review: Policy['review']) =>
    setDependencies({ policies: new PolicyRegistry([compilePolicy({ ...source, review })]) });
  let maker: string;
  let checker: string;

  beforeAll(async () => {
    maker = await api.mint({ role: 'clerk', sub: 'clerk-jx-payout-maker', region: '330400' });
    checker = await api.mint({ role: 'clerk', sub: 'clerk-jx-payout-checker', region: '330400' });
  });

  const decide = (claimId: string, token: string, body: unknown) =>
    api.call('POST', `/claims/${claimId}/decision`, { token, body });
  const check = (claimId: string, token: string) =>
    api.call('POST', `/claims/${claimId}/check`, { token, body: { verdict: 'confirm' } });
  const waitingForClerk = async (claimId: string) => {
    await expect
      .poll(async () => Boolean((await wf.rt.claims.get(claimId)).taskToken), { timeout: 20_000 })
      .toBe(true);
    return wf.rt.claims.get(claimId);
  };

  it('the case goes to the queue unpaid; approving it again takes a clerk and a checker', async () => {
    const { rt } = wf;
    // Every stay above 100.00 yuan goes to a clerk.
    withReview({ benefitAboveFen: 10_000 });
    const patient = rt.hospitals.generator.patient();
    const first = rt.hospitals.generator.inpatient({ patient, date: '2026-03-02' });
    const second = rt.hospitals.generator.inpatient({ patient, date: '2026-05-11' });
    rt.hospitals.simulator.addVisit(first);
    rt.hospitals.simulator.addVisit(second);
    const citizen = await api.citizenToken(patient.idNumber);
    const file = async (visit: typeof first) =>
      String(
        (await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(visit) })).body.claimId,
      );

    const claimA = await file(first);
    await waitForStatus(rt, claimA, ['IN_REVIEW']);
    await waitingForClerk(claimA);
    const seenFen = (await rt.claims.latestAdjudication(claimA))!.result.benefitFen;
    // The threshold sits exactly at what the clerk sees: approving it needs no checker.
    withReview({ benefitAboveFen: 10_000, secondClerkAboveFen: seenFen });

    // Another stay of the same person is paid first (through a clerk and, if above, a checker).
    const claimB = await file(second);
    await waitForStatus(rt, claimB, ['IN_REVIEW']);
    await waitingForClerk(claimB);
    const approvedB = await decide(claimB, maker, { decision: 'approve' });
    expect(approvedB.status).toBe(202);
    if (approvedB.body.awaitingCheck === true) expect((await check(claimB, checker)).status).toBe(202);
    await waitForStatus(rt, claimB, ['PAID']);

    // The clerk approves the first stay at the benefit they saw: no checker asked for.
    const approvedA = await decide(claimA, maker, { decision: 'approve' });
    expect(approvedA.status).toBe(202);
    expect(approvedA.body.awaitingCheck).toBe(false);
    // PayOut computes more (second admission), above the threshold: not paid, back in the queue.
    const failed = await waitForStatus(rt, claimA, ['FAILED', 'PAID']);
    expect(failed.status).toBe('FAILED');
    expect(failed.failure?.error).toBe('SecondClerkRequired');
    expect(await rt.claims.payout(claimA)).toBeUndefined();
    expect(rt.bank.ledger().filter((t) => t.idempotencyKey === claimA)).toHaveLength(0);
    const nowFen = (await rt.claims.latestAdjudication(claimA))!.result.benefitFen;
    expect(nowFen).toBeGreaterThan(seenFen);

    // Approving again now needs a checker, and the maker cannot be it.
    await waitingForClerk(claimA);
    const again = await decide(claimA, maker, { decision: 'approve', note: '第二次住院起付线减半' });
    expect(again.status).toBe(202);
    expect(again.body.awaitingCheck).toBe(true);
    const selfCheck = await check(claimA, maker);
    expect(selfCheck.status).toBe(409);
    expect(selfCheck.body.error).toBe('maker_cannot_check');
    expect(await rt.claims.payout(claimA)).toBeUndefined();

    expect((await check(claimA, checker)).status).toBe(202);
    const paid = await waitForStatus(rt, claimA, ['PAID']);
    expect(paid.decision).toMatchObject({
      clerkId: 'clerk-jx-payout-maker',
      checkedBy: 'clerk-jx-payout-checker',
    });
    expect((await rt.claims.payout(claimA))?.amountFen).toBe(nowFen);
    expect(
      rt.bank
        .ledger()
        .filter((t) => t.idempotencyKey === claimA)
        .map((t) => t.amountFen),
    ).toEqual([nowFen]);
  });
});
