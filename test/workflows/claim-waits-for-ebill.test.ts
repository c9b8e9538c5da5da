import { describe, expect, it } from 'vitest';
import { createEventBridgePublisher } from '../../adapters/event-publisher';
import { EBillIssued } from '../../events/ebill-events';
import { EVENT_BUS_NAME } from '../../local/runtime';
import { refetchWaitingBills } from '../../functions/services/bill-refetch';
import { claimRequestFor, finished, submitted, useClaimWorkflow, waitForStatus } from './support';

describe('claim workflow: the e-bill is not issued yet', () => {
  // The refetch of parked claims on a clock 100 times faster (every 0.6 s, for claims parked
  // 1.2 s): late enough not to race the first test's event on a busy machine, soon enough for the second.
  const wf = useClaimWorkflow({ scheduleTimeScale: 0.01 });

  it('waits as WAITING_FOR_EBILL, and the hospital’s EBill.Issued event resumes it to PAID', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit, 'later');

    const claimId = await submitted(claimRequestFor(visit));
    const waiting = await waitForStatus(rt, claimId, ['WAITING_FOR_EBILL']);
    expect(waiting.taskToken).toBeTruthy();

    rt.hospitals.simulator.issuePending(); // the hospital issues the bill and pushes the signed event
    await rt.settle();
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
    expect((await rt.claims.payout(claimId))?.amountFen).toBeGreaterThan(0);
    // Resumed by the event (ingest-ebill met the claim's mark on the visit), not by the refetch.
    const { entries } = await rt.claims.auditTrail(claimId);
    expect(entries.some((entry) => entry.actor.role === 'hospital')).toBe(true);
    expect(entries.some((entry) => entry.actor.sub === 'RefetchWaitingBills')).toBe(false);
  });

  it('a bill issued without its event is found by the refetch of parked claims, and the claim is paid', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit, 'later');
    const claimId = await submitted(claimRequestFor(visit));
    await waitForStatus(rt, claimId, ['WAITING_FOR_EBILL']);

    // The hospital issues the bill and its EBill.Issued never comes: only asking again finds it.
    rt.hospitals.simulator.issuePending({ announce: false });
    expect(await rt.claims.visitEBills(visit.hospitalCode, visit.visitNo)).toHaveLength(0);
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
    const { entries } = await rt.claims.auditTrail(claimId);
    expect(entries.some((entry) => entry.actor.sub === 'RefetchWaitingBills')).toBe(true);
  });

  it('a parked claim whose bill is still not issued is asked about and left waiting', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    rt.hospitals.simulator.addVisit(visit, 'later');
    const claimId = await submitted(claimRequestFor(visit));
    await waitForStatus(rt, claimId, ['WAITING_FOR_EBILL']);

    const outcome = await refetchWaitingBills({ minWaitMs: 0, limit: 50 });
    expect(outcome.asked).toBeGreaterThanOrEqual(1);
    const still = await rt.claims.get(claimId);
    expect(still.status).toBe('WAITING_FOR_EBILL');
    expect(await rt.claims.eBills(claimId)).toHaveLength(0);
    rt.hospitals.simulator.issuePending(); // let the claim finish, as the other tests' world expects
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
  });

  it('keeps an event that arrives before any claim, and matches it when the claim comes', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    // The hospital's fetch API does not have the bill (it is not in the simulator), but it pushed the event.
    const publisher = createEventBridgePublisher({
      busName: EVENT_BUS_NAME,
      endpoint: rt.eventsUrl,
      region: rt.region,
    });
    await publisher.publish([EBillIssued.event({ ebill: visit.bill })]);
    await rt.settle();
    expect(await rt.claims.visitEBills(visit.hospitalCode, visit.visitNo)).toHaveLength(1);

    const claimId = await submitted(claimRequestFor(visit));
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    const claim = await rt.claims.get(claimId);
    expect(claim.status).toBe('PAID');
    expect((await rt.claims.eBills(claimId)).map((b) => b.billNo)).toEqual([visit.bill.billNo]);
  });
});
