import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy, type Policy } from '../../../domain/policy';
import { PolicyRegistry } from '../../../domain/policy-registry';
import { setDependencies } from '../../../functions/shared/dependencies';
import { ClaimViewSchema } from '../../../domain/api/claims';
import { verifyChain } from '../../../domain/audit-chain';
import { jiaxingPolicy } from '../../support/fixtures';
import { z } from 'zod';
import { StoredClaimCaseSchema } from '../../../domain/stored-case';
import {
  executionArn,
  finished,
  tableSnapshot,
  useClaimWorkflow,
  waitForStatus,
} from '../../workflows/support';
import { fileClaim, useApiServer } from './support';

/** Version 2 of the Jiaxing policy: a correction published later, the fund's ratios 5 points higher. */
function correctedVersion(v1: Policy): Policy {
  const raise = (byLevel: Record<'1' | '2' | '3', number>) =>
    Object.fromEntries(
      Object.entries(byLevel).map(([l, pct]) => [l, Math.min(100, pct + 5)]),
    ) as typeof byLevel;
  const inpatient = v1.careTypes.inpatient!;
  return {
    ...v1,
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
}

describe('HTTP API: a citizen appeals a paid claim; it is adjudicated again and only the difference is paid, once', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();
  const v1 = jiaxingPolicy().source;

  beforeAll(() => {
    setDependencies({ policies: new PolicyRegistry([compilePolicy(v1)]) });
  });

  const appealDone = (claimId: string, appealNo: number) =>
    wf.rt.sfn.waitForExecution(`${executionArn(wf.rt, claimId)}-appeal-${appealNo}`);

  it('under the version in force on the service date, the difference line by line, paid once', async () => {
    const { rt } = wf;
    const { claimId, citizen } = await fileClaim(rt, api);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    const original = (await rt.claims.payout(claimId))!;
    const originalAdjudication = (await rt.claims.latestAdjudication(claimId))!.result;
    expect(originalAdjudication.policyVersion).toBe(1);

    // The corrected version is published; version 1 stays in the registry for the record. Next
    // year's policy, more generous still, is in the registry too: it is not in force on the
    // service date, so the appeal must not use it.
    const nextYearPolicy: Policy = {
      ...correctedVersion(correctedVersion(v1)),
      id: 'jiaxing-employee-2027',
      version: 1,
      effective: { from: '2027-01-01', to: '2027-12-31' },
    };
    setDependencies({
      policies: new PolicyRegistry([
        compilePolicy(v1),
        compilePolicy(correctedVersion(v1)),
        compilePolicy(nextYearPolicy),
      ]),
    });

    const appealed = await api.call('POST', `/claims/${claimId}/appeals`, {
      token: citizen,
      body: { reason: '政策已调整，请按新比例重新核算' },
    });
    expect(appealed.status).toBe(202);
    expect(appealed.body.appealNo).toBe(1);
    // Filing the same appeal again (a network retry) starts nothing new.
    const again = await api.call('POST', `/claims/${claimId}/appeals`, {
      token: citizen,
      body: { reason: '政策已调整，请按新比例重新核算' },
    });
    expect([202, 409]).toContain(again.status);
    expect((await appealDone(claimId, 1)).status).toBe('SUCCEEDED');

    const after = await rt.claims.get(claimId);
    expect(after.status).toBe('PAID');
    const appeal = after.appeals?.[0];
    expect(appeal?.status).toBe('PAID_DIFFERENCE');
    expect(appeal?.policyId).toBe(v1.id);
    expect(appeal?.policyVersion).toBe(2);
    const readjudicated = (await rt.claims.latestAdjudication(claimId))!.result;
    expect(readjudicated.policyVersion).toBe(2);
    expect(readjudicated.benefitFen).toBeGreaterThan(original.amountFen);
    const difference = readjudicated.benefitFen - original.amountFen;
    expect(appeal?.differenceFen).toBe(difference);
    expect(
      appeal?.lineDifferences?.map((l) => l.newBenefitFen - l.previousBenefitFen).reduce((a, b) => a + b, 0),
    ).toBe(difference);

    const differencePayout = await rt.claims.payout(claimId, 1);
    expect(differencePayout?.amountFen).toBe(difference);
    const transfers = rt.bank.ledger().filter((t) => t.idempotencyKey.startsWith(claimId));
    expect(transfers.map((t) => [t.idempotencyKey, t.amountFen]).sort()).toEqual(
      [
        [claimId, original.amountFen],
        [`${claimId}-appeal-1`, difference],
      ].sort(),
    );
    // The year's totals count the claim once, at its new benefit.
    const year = Number(after.visit.serviceDate.slice(0, 4));
    const accumulator = await rt.claims.accumulator(after.insured.idNumberHash, year);
    expect(accumulator.fundPaidFen.inpatient).toBe(readjudicated.benefitFen);
    expect(accumulator.admissions).toBe(1);

    // A second appeal finds nothing more to pay: upheld, and the bank paid nothing more.
    const second = await api.call('POST', `/claims/${claimId}/appeals`, {
      token: citizen,
      body: { reason: '再次申请复核' },
    });
    expect(second.status).toBe(202);
    expect((await appealDone(claimId, 2)).status).toBe('SUCCEEDED');
    const final = await rt.claims.get(claimId);
    expect(final.status).toBe('PAID');
    expect(final.appeals?.[1]?.status).toBe('UPHELD');
    expect(final.appeals?.[1]?.differenceFen).toBe(0);
    expect(rt.bank.ledger().filter((t) => t.idempotencyKey.startsWith(claimId))).toHaveLength(2);

    // The citizen reads the appeals; the history holds them and still verifies.
    const view = ClaimViewSchema.parse(
      (await api.call('GET', `/claims/${claimId}`, { token: citizen })).body,
    );
    expect(view.appeals?.map((a) => a.status)).toEqual(['PAID_DIFFERENCE', 'UPHELD']);
    const trail = await rt.claims.auditTrail(claimId);
    const appealsFiled = trail.entries.filter((e) => e.action === 'appeal.filed');
    expect(appealsFiled).toHaveLength(2);
    expect(appealsFiled[0]?.actor.role).toBe('citizen');
    expect(JSON.stringify(appealsFiled[0]?.after)).toContain('政策已调整');
    expect(trail.entries.filter((e) => e.action === 'appeal.decided')).toHaveLength(2);
    // One adjudication when paid, one per appeal: the payout of the difference reuses the appeal's.
    expect(trail.entries.filter((e) => e.action === 'adjudication.appended')).toHaveLength(3);
    expect(verifyChain(claimId, trail.entries, trail.head).ok).toBe(true);
  });

  describe('appealing a rejection', () => {
    let clerk: string;
    beforeAll(async () => {
      clerk = await api.mint({ role: 'clerk', sub: 'clerk-jx-appeals', region: '330400' });
    });
    const decide = (claimId: string, body: unknown) =>
      api.call('POST', `/claims/${claimId}/decision`, { token: clerk, body });

    /** A claim a clerk rejected, appealed by its citizen, and back in the queue with a task token. */
    async function appealedRejection(reason: string) {
      const { rt } = wf;
      // Every claim above 100.00 yuan is held for a clerk here.
      setDependencies({
        policies: new PolicyRegistry([compilePolicy({ ...v1, review: { benefitAboveFen: 10_000 } })]),
      });
      const { claimId, citizen } = await fileClaim(rt, api, ['IN_REVIEW']);
      await decide(claimId, { decision: 'reject', reasonCode: 'DOCUMENTS_INCOMPLETE', note: '缺少出院小结' });
      expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
      expect((await rt.claims.get(claimId)).status).toBe('REJECTED');
      const appealed = await api.call('POST', `/claims/${claimId}/appeals`, {
        token: citizen,
        body: { reason },
      });
      expect(appealed.status).toBe(202);
      await waitForStatus(rt, claimId, ['IN_REVIEW']);
      await expect.poll(async () => Boolean((await rt.claims.get(claimId)).taskToken)).toBe(true);
      return { claimId, reopened: await rt.claims.get(claimId) };
    }

    afterEach(() => {
      setDependencies({ policies: new PolicyRegistry([compilePolicy(v1)]) });
    });

    it('goes back to a clerk, who runs it again (its bills checked again), and it is paid once', async () => {
      const { rt } = wf;
      const { claimId, reopened } = await appealedRejection('出院小结已补齐');
      expect(reopened.reasons?.[0]).toMatchObject({ code: 'APPEAL_OF_REJECTION', detail: '出院小结已补齐' });
      expect(reopened.appeals?.[0]?.status).toBe('IN_REVIEW');

      // Approving straight away would pay on checks made before the rejection: refused.
      const tooSoon = await decide(claimId, { decision: 'approve' });
      expect(tooSoon.status).toBe(409);
      expect(tooSoon.body.error).toBe('appeal_needs_rerun');

      // Run again: verified, adjudicated, and held for the clerk by the amount once more.
      expect((await decide(claimId, { decision: 'retry', note: '材料已补齐，重新审核' })).status).toBe(202);
      await expect
        .poll(async () => {
          const c = await rt.claims.get(claimId);
          return (
            c.status === 'IN_REVIEW' && Boolean(c.taskToken) && c.reasons?.[0]?.code !== 'APPEAL_OF_REJECTION'
          );
        })
        .toBe(true);
      expect((await decide(claimId, { decision: 'approve' })).status).toBe(202);
      await expect.poll(async () => (await rt.claims.get(claimId)).status, { timeout: 15_000 }).toBe('PAID');
      const paid = await rt.claims.get(claimId);
      const payout = await rt.claims.payout(claimId);
      expect(paid.appeals?.[0]).toMatchObject({
        status: 'PAID_DIFFERENCE',
        differenceFen: payout?.amountFen,
      });
      expect(rt.bank.ledger().filter((t) => t.idempotencyKey.startsWith(claimId))).toHaveLength(1);
    });

    it('a clerk who upholds it ends the claim rejected, the appeal upheld', async () => {
      const { rt } = wf;
      const { claimId } = await appealedRejection('请再看看');
      await decide(claimId, { decision: 'reject', reasonCode: 'NOT_COVERED', note: '复核后维持原决定' });
      const ended = await waitForStatus(rt, claimId, ['REJECTED']);
      expect(ended.appeals?.[0]?.status).toBe('UPHELD');
      expect(await rt.claims.payout(claimId)).toBeUndefined();
    });
  });

  it('an appeal after the policy’s window is refused and changes nothing', async () => {
    const { rt } = wf;
    const { claimId, citizen } = await fileClaim(rt, api);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    const before = await rt.claims.get(claimId);
    // 61 days later: past the 60-day default window.
    setDependencies({ now: () => new Date(Date.now() + 61 * 86_400_000) });
    try {
      const late = await api.call('POST', `/claims/${claimId}/appeals`, {
        token: citizen,
        body: { reason: '迟到的复核' },
      });
      expect(late.status).toBe(409);
      expect(late.body.error).toBe('appeal_window_closed');
    } finally {
      setDependencies({ now: () => new Date() });
    }
    expect((await rt.claims.get(claimId)).version).toBe(before.version);
  });

  // The table is an edge too: every case these scenarios left (paid, appealed, rejected, upheld,
  // decided by clerks) is what its schema says, so its labels cover what is really stored.
  it('every case record stored by the scenarios above is what StoredClaimCaseSchema says, and no more', async () => {
    const cases = (await tableSnapshot(wf.rt))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .filter((item) => item.SK === 'CASE');
    expect(cases.length).toBeGreaterThanOrEqual(3);
    const stored = StoredClaimCaseSchema.extend({
      auditSeq: z.number().int(),
      auditHead: z.string(),
    }).strict();
    for (const item of cases) {
      const {
        PK: _pk,
        SK: _sk,
        GSI1PK: _1,
        GSI1SK: _2,
        GSI2PK: _3,
        GSI2SK: _4,
        GSI3PK: _5,
        GSI3SK: _6,
        ...record
      } = item;
      const parsed = stored.safeParse(record);
      expect(parsed.success ? 'ok' : `${String(item.PK)}: ${parsed.error.message}`).toBe('ok');
    }
  });
});
