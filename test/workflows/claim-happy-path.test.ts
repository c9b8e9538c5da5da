import { describe, expect, it } from 'vitest';
import { claimRequestFor, finished, submitted, useClaimWorkflow } from './support';

describe('claim workflow: a claim with a fetched e-bill', () => {
  const wf = useClaimWorkflow();

  it('goes SUBMITTED → PAID, stores the adjudication as lines and pays exactly the engine’s benefit', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);

    const claimId = await submitted(claimRequestFor(visit));
    const execution = await finished(rt, claimId);
    expect(execution.status).toBe('SUCCEEDED');

    const claim = await rt.claims.get(claimId);
    expect(claim.status).toBe('PAID');
    const adjudication = await rt.claims.latestAdjudication(claimId);
    expect(adjudication?.result.lines).toHaveLength(visit.bill.listDetail.length);
    expect(adjudication?.result.submittedFen).toBe(visit.bill.totalAmtFen);
    const payout = await rt.claims.payout(claimId);
    expect(payout?.amountFen).toBe(adjudication?.result.benefitFen);
    expect(payout?.amountFen).toBeGreaterThan(0);
    expect(rt.bank.ledger().find((t) => t.idempotencyKey === claimId)?.amountFen).toBe(payout?.amountFen);
  });
});
