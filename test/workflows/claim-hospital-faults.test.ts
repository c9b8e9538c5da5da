import { describe, expect, it } from 'vitest';
import { claimRequestFor, finished, submitted, useClaimWorkflow, waitForStatus } from './support';

describe('claim workflow: hospital faults', () => {
  const wf = useClaimWorkflow();

  it('retries a hospital that fails twice and then answers, to PAID', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit);
    rt.hospitals.simulator.setFaults(visit.hospitalCode, { failNextN: 2 });

    const claimId = await submitted(claimRequestFor(visit));
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
    expect(rt.hospitals.simulator.faultsOf(visit.hospitalCode).failNextN ?? 0).toBe(0);
  });

  it('puts a claim whose hospital keeps failing in the clerk queue with the reason, never a silent FAILED', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit);
    rt.hospitals.simulator.setFaults(visit.hospitalCode, { http5xx: 503 });

    const claimId = await submitted(claimRequestFor(visit));
    const failed = await waitForStatus(rt, claimId, ['FAILED']);
    expect(failed.failure).toMatchObject({ error: 'HospitalUnavailable', atStatus: 'FETCHING' });
    expect(failed.failure?.cause).toContain(visit.hospitalCode);
    // In the region's queue, waiting for a clerk with a task token; the execution is still running.
    await waitForStatus(rt, claimId, ['FAILED']);
    const queued = await rt.claims.queue('330400', 'FAILED');
    expect(queued.map((c) => c.claimId)).toContain(claimId);
    const described = await rt.sfn.describeExecution({
      executionArn: `${rt.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`,
    });
    expect(described.status).toBe('RUNNING');
    rt.hospitals.simulator.clearFaults(visit.hospitalCode);
  });
});
