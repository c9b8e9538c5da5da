import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy, type Policy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import { setDependencies } from '../../../functions/shared/dependencies';
import { ClaimViewSchema } from '../../../domain/api/claims';
import { verifyChain } from '../../../domain/audit-chain';
import { jiaxingPolicy } from '../../support/fixtures';
import { executionArn, finished, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { fileClaim, useApiServer } from './support';

/** A second pair of eyes on an appeal's difference: 1.00 yuan here, so any real difference is above it. */
const THRESHOLD_FEN = 100;

/** The policy as corrected later (inpatient ratios 5 points higher), both versions with the low threshold. */
function withThreshold(v1: Policy): Policy[] {
  const raise = (byLevel: Record<'1' | '2' | '3', number>) =>
    Object.fromEntries(
      Object.entries(byLevel).map(([l, pct]) => [l, Math.min(100, pct + 5)]),
    ) as typeof byLevel;
  const inpatient = v1.careTypes.inpatient!;
  const strict = { ...v1, review: { ...v1.review, secondClerkAboveFen: THRESHOLD_FEN } };
  const corrected: Policy = {
    ...strict,
    version: 2,
    careTypes: {
      ...v1.careTypes,
      inpatient: {
        ...inpatient,
        ratioPctByLevel: {
          working: raise(inpatient.ratioPctByLevel.working),
          retired: raise(inpatient.ratioPctByLevel.retired),
        },
      },
    },
  };
  return [strict, corrected];
}

describe('an appeal raising the benefit by more than the maker-checker threshold waits for a clerk and a checker', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  const v1 = jiaxingPolicy().source;
  let maker: string;
  let checker: string;

  beforeAll(async () => {
    maker = await api.mint({ role: 'clerk', sub: 'clerk-jx-maker', region: '330400' });
    checker = await api.mint({ role: 'clerk', sub: 'clerk-jx-checker', region: '330400' });
  });
  afterEach(() => {
    setDependencies({ policies: new PolicyRegistry([compilePolicy(v1)]) });
  });

  const appealDone = (claimId: string, appealNo: number) =>
    wf.rt.sfn.waitForExecution(`${executionArn(wf.rt, claimId)}-appeal-${appealNo}`);
  const transfersOf = (claimId: string) =>
    wf.rt.bank.ledger().filter((t) => t.idempotencyKey.startsWith(claimId));

  /** A claim paid automatically under the default rules, then appealed after the correction with the low threshold. */
  async function appealedAboveThreshold() {
    const { rt } = wf;
    setDependencies({ policies: new PolicyRegistry([compilePolicy(v1)]) });
    const { claimId, citizen } = await fileClaim(rt, api);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    const original = (await rt.claims.payout(claimId))!;
    setDependencies({ policies: new PolicyRegistry(withThreshold(v1).map((p) => compilePolicy(p))) });
    const appealed = await api.call('POST', `/claims/${claimId}/appeals`, {
      token: citizen,
      body: { reason: '政策已调整，请按新比例重新核算' },
    });
    expect(appealed.status).toBe(202);
    await expect
      .poll(async () => {
        const c = await rt.claims.get(claimId);
        return c.status === 'IN_REVIEW' && Boolean(c.taskToken);
      })
      .toBe(true);
    return { claimId, citizen, original };
  }

  it('is not paid on one clerk’s approval; the maker cannot check; a second clerk’s check pays it once', async () => {
    const { rt } = wf;
    const { claimId, citizen, original } = await appealedAboveThreshold();
    const waiting = await rt.claims.get(claimId);
    const appeal = waiting.appeals?.[0];
    expect(appeal?.status).toBe('DIFFERENCE_IN_REVIEW');
    expect(appeal?.differenceFen).toBeGreaterThan(THRESHOLD_FEN);
    expect(await rt.claims.payout(claimId, 1)).toBeUndefined();
    expect(transfersOf(claimId)).toHaveLength(1);
    // The citizen sees the appeal waiting (the view schema knows the status).
    const view = ClaimViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}`, { token: citizen })).body,
    );
    expect(view.appeals?.[0]?.status).toBe('DIFFERENCE_IN_REVIEW');

    const decide = (token: string, body: unknown) =>
      api.call('POST', `/claims/${claimId}/decision`, { token, body });
    // Only approve (pay) or reject (uphold) make sense for a difference.
    const retry = await decide(maker, { decision: 'retry' });
    expect(retry.status).toBe(409);
    expect(retry.body.error).toBe('appeal_difference');

    const proposed = await decide(maker, { decision: 'approve', note: '按更正后的比例支付差额' });
    expect(proposed.status).toBe(202);
    expect(proposed.body.awaitingCheck).toBe(true);
    // One clerk's approval pays nothing: the workflow still waits, the bank saw one transfer.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await rt.claims.payout(claimId, 1)).toBeUndefined();
    expect(transfersOf(claimId)).toHaveLength(1);
    expect((await rt.claims.get(claimId)).status).toBe('IN_REVIEW');

    const selfCheck = await api.call('POST', `/claims/${claimId}/check`, {
      token: maker,
      body: { verdict: 'confirm' },
    });
    expect(selfCheck.status).toBe(409);
    expect(selfCheck.body.error).toBe('maker_cannot_check');
    expect(transfersOf(claimId)).toHaveLength(1);

    const checked = await api.call('POST', `/claims/${claimId}/check`, {
      token: checker,
      body: { verdict: 'confirm' },
    });
    expect(checked.status).toBe(202);
    expect((await appealDone(claimId, 1)).status).toBe('SUCCEEDED');
    const paid = await rt.claims.get(claimId);
    expect(paid.status).toBe('PAID');
    expect(paid.appeals?.[0]?.status).toBe('PAID_DIFFERENCE');
    expect(paid.decision).toMatchObject({ clerkId: 'clerk-jx-maker', checkedBy: 'clerk-jx-checker' });
    const difference = (await rt.claims.payout(claimId, 1))!;
    expect(difference.amountFen).toBe(appeal?.differenceFen);
    expect(
      transfersOf(claimId)
        .map((t) => [t.idempotencyKey, t.amountFen])
        .sort(),
    ).toEqual(
      [
        [claimId, original.amountFen],
        [`${claimId}-appeal-1`, difference.amountFen],
      ].sort(),
    );
    const trail = await rt.claims.auditTrail(claimId);
    expect(
      trail.entries.some((e) => e.action === 'decision.proposed' && e.actor.sub === 'clerk-jx-maker'),
    ).toBe(true);
    expect(verifyChain(claimId, trail.entries, trail.head).ok).toBe(true);
  });

  it('a clerk who rejects the difference upholds the appeal: the claim stays paid, nothing more is paid', async () => {
    const { rt } = wf;
    const { claimId } = await appealedAboveThreshold();
    const upheld = await api.call('POST', `/claims/${claimId}/decision`, {
      token: maker,
      body: { decision: 'reject', reasonCode: 'NOT_COVERED', note: '更正不适用于本次住院' },
    });
    expect(upheld.status).toBe(202);
    expect((await appealDone(claimId, 1)).status).toBe('SUCCEEDED');
    const ended = await waitForStatus(rt, claimId, ['PAID']);
    expect(ended.appeals?.[0]?.status).toBe('UPHELD');
    expect(await rt.claims.payout(claimId, 1)).toBeUndefined();
    expect(transfersOf(claimId)).toHaveLength(1);
  });
});
