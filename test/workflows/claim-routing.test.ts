import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { setDependencies } from '../../functions/shared/dependencies';
import { jiaxingPolicy } from '../support/fixtures';
import { claimRequestFor, finished, submitted, useClaimWorkflow, waitForStatus } from './support';

describe('claim workflow: the policy’s routing data sends claims to a clerk', () => {
  const wf = useClaimWorkflow();
  const usePolicy = (review: Record<string, unknown>) =>
    setDependencies({ policies: new PolicyRegistry([compilePolicy({ ...jiaxingPolicy().source, review })]) });

  it('a random quality sample of 100% holds a claim the machine would pay, with that reason', async () => {
    const { rt } = wf;
    usePolicy({ qualitySamplePct: 100 });
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    const held = await waitForStatus(rt, claimId, ['IN_REVIEW', 'PAID']);
    expect(held.status).toBe('IN_REVIEW');
    expect(held.reasons?.map((r) => r.code)).toEqual(['QUALITY_SAMPLE']);
    expect(await rt.claims.payout(claimId)).toBeUndefined();
  });

  it('with no sample the same kind of claim is paid without a clerk', async () => {
    const { rt } = wf;
    usePolicy({ qualitySamplePct: 0 });
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
  });

  it('a policy routing ALREADY_REIMBURSED to review sends a second claim for a paid bill to a clerk, not to rejection', async () => {
    const { rt } = wf;
    usePolicy({ verificationRoutes: { ALREADY_REIMBURSED: 'review' } });
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const first = await submitted(claimRequestFor(visit));
    expect((await finished(rt, first)).status).toBe('SUCCEEDED');
    const second = await submitted(claimRequestFor(visit));
    const held = await waitForStatus(rt, second, ['IN_REVIEW', 'REJECTED']);
    expect(held.status).toBe('IN_REVIEW');
    expect(held.reasons?.map((r) => r.code)).toContain('ALREADY_REIMBURSED');
    expect(await rt.claims.payout(second)).toBeUndefined();
  });
});
