import { describe, expect, it } from 'vitest';
import { claimRequestFor, finished, submitted, useClaimWorkflow } from './support';

describe('claim workflow: a bill is reimbursed once, ever', () => {
  const wf = useClaimWorkflow();

  it('rejects the second claim for the same bill, naming the claim that was paid', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);

    const first = await submitted(claimRequestFor(visit));
    expect((await finished(rt, first)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(first)).status).toBe('PAID');

    const second = await submitted(claimRequestFor(visit));
    expect((await finished(rt, second)).status).toBe('SUCCEEDED');
    const rejected = await rt.claims.get(second);
    expect(rejected.status).toBe('REJECTED');
    const duplicate = rejected.reasons?.find((r) => r.code === 'ALREADY_REIMBURSED');
    expect(duplicate?.detail).toContain(`by claim ${first}`);
    expect(await rt.claims.payout(second)).toBeUndefined();
    expect(rt.bank.ledger().filter((t) => t.idempotencyKey === second)).toEqual([]);
  });

  it('lets a bill go again when the claim holding it was rejected for another reason', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit);
    // The citizen claims the visit as inpatient: the care type differs, a clerk must look;
    // the clerk rejects, and the bill is free for a correct claim.
    const wrong = await submitted(
      claimRequestFor(visit, {
        visit: { ...claimRequestFor(visit).visit, careType: 'inpatient', admissionSeqInYear: 1 },
      }),
    );
    const inReview = await (await import('./support')).waitForStatus(rt, wrong, ['IN_REVIEW']);
    expect(inReview.reasons?.map((r) => r.code)).toContain('CARE_TYPE_MISMATCH');
    await rt.sfn.sendTaskSuccess({
      taskToken: inReview.taskToken!,
      output: JSON.stringify({ decision: 'reject' }),
    });
    expect((await finished(rt, wrong)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(wrong)).status).toBe('REJECTED');

    const right = await submitted(claimRequestFor(visit));
    expect((await finished(rt, right)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(right)).status).toBe('PAID');
  });
});
