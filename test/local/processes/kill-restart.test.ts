import { PayoutReportOutbox } from '../../../adapters/home-region/payout-report-outbox';
import { describe, expect, it } from 'vitest';
import type { ClaimCase } from '../../../domain/claim';
import { QUEUE_STATUSES, TERMINAL_STATUSES } from '../../../domain/claim-status';
import type { RunningChild } from '../../../local/processes/child-process';
import type { VisitView } from '../../../local/world/world';
import { useCrossclaimChild } from '../../support/crossclaim-child';

const CLAIMS = 30;
const FINAL = ['PAID', 'REJECTED', 'IN_REVIEW', 'FAILED'] as const;

describe('durability: crossclaim killed with SIGKILL mid-batch and started again', () => {
  const tree = useCrossclaimChild('kill-test');
  const { claims } = tree;
  let child: RunningChild;

  async function addVisits(body: object): Promise<VisitView[]> {
    const response = await fetch(`${tree.world.hospitalsUrl}/admin/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tree.world.adminToken}` },
      body: JSON.stringify(body),
    });
    return ((await response.json()) as { visits: VisitView[] }).visits;
  }

  async function settle(claimIds: string[], timeoutMs: number): Promise<ClaimCase[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cases = await Promise.all(claimIds.map((id) => claims.get(id)));
      if (cases.every((c) => (FINAL as readonly string[]).includes(c.status)) || Date.now() > deadline)
        return cases;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it(
    'every claim ends terminal or in the clerk queue, with no double payout',
    { timeout: 180_000 },
    async () => {
      child = await tree.start();
      const apiUrl = String(child.ready.apiUrl);
      const now = await addVisits({ count: CLAIMS - 6, timing: 'now' });
      const later = await addVisits({ count: 6, careType: 'outpatient', timing: 'later' });
      const claimIds = await Promise.all([...now, ...later].map((visit) => tree.submit(apiUrl, visit)));

      // Mid-batch: some claims paid, some between steps, some waiting for their e-bill.
      child.process.kill('SIGKILL');
      await child.exited;
      const atKill = await Promise.all(claimIds.map((id) => claims.get(id)));
      expect(atKill.some((c) => !TERMINAL_STATUSES.has(c.status))).toBe(true);

      child = await tree.start();
      expect(Number(child.ready.redriven)).toBeGreaterThan(0);
      await fetch(`${tree.world.hospitalsUrl}/admin/issue-pending`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tree.world.adminToken}` },
        body: '{}',
      });

      const finals = await settle(claimIds, 120_000);
      for (const claim of finals) {
        expect(
          TERMINAL_STATUSES.has(claim.status) || QUEUE_STATUSES.has(claim.status),
          `${claim.claimId} ${claim.status}`,
        ).toBe(true);
      }
      const ledger = tree.world.bank.ledger();
      for (const claim of finals) {
        const payout = await claims.payout(claim.claimId);
        const transfers = ledger.filter((t) => t.idempotencyKey === claim.claimId);
        if (claim.status === 'PAID' && payout && payout.amountFen > 0) {
          expect(transfers.map((t) => t.amountFen)).toEqual([payout.amountFen]);
        } else {
          expect(transfers).toEqual([]);
        }
      }
      expect(finals.filter((c) => c.status === 'PAID').length).toBeGreaterThan(CLAIMS / 2);

      // Every payout reaches the home region exactly once, across the kill: the outbox drains
      // (at the restart and periodically), and the home region counts each key once.
      const outbox = new PayoutReportOutbox(tree.dynamo.docClient, tree.tableName);
      const drainedBy = Date.now() + 30_000;
      while ((await outbox.pending()).length > 0 && Date.now() < drainedBy)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await outbox.pending()).toEqual([]);
      for (const claim of finals) {
        const payout = await claims.payout(claim.claimId);
        const reported = tree.world.homeRegion
          .settlementsOf(claim.insured.idNumberHash)
          .filter((s) => s.key === claim.claimId);
        expect(
          reported.map((s) => s.fundPaidFen),
          claim.claimId,
        ).toEqual(payout ? [payout.amountFen] : []);
        if (payout) {
          const record = tree.world.homeRegion.record(claim.insured.idNumberHash, payout.year);
          expect(record.yearToDate.fundPaidFen[payout.careType]).toBe(payout.amountFen);
        }
      }
    },
  );
});
