import { enrolIfUnknown } from '../../local/home-region/world-population';
import { HomeRegionSimulator } from '../../local/home-region/home-region-simulator';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { QUEUE_STATUSES, TERMINAL_STATUSES } from '../../domain/claim-status';
import { BankSimulator } from '../../local/bank/bank-simulator';
import { generateHospitalCatalog } from '../../local/hospitals/catalog';
import { createBillGenerator } from '../../local/hospitals/bill-generator';
import { HospitalSimulator } from '../../local/hospitals/simulator';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { claimRequestFor, submitted, waitForStatus } from './support';

const CLAIMS = 24;

describe('durability: a runtime stopped mid-batch resumes its claims on restart', () => {
  const tableName = `crossclaim-restart-${randomBytes(4).toString('hex')}`;
  // The hospitals and the bank are outside crossclaim: they outlive its restart.
  const catalog = generateHospitalCatalog('restart-test');
  // The home region, like the hospitals and the bank, outlives crossclaim's restart.
  const world = {
    simulator: new HospitalSimulator(catalog),
    bank: new BankSimulator(),
    homeRegion: new HomeRegionSimulator(),
  };
  const generator = createBillGenerator(catalog, 'restart-test');
  const start = () =>
    startLocalRuntime({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName,
      timeScale: 0.001,
      logLevel: 'SILENT',
      durable: true,
      world,
      seed: 'restart-test',
    });
  let second: LocalRuntime | undefined;
  afterAll(async () => {
    await second?.close();
  });

  it('every claim ends terminal or in the queue, and none is paid twice', { timeout: 120_000 }, async () => {
    const first = await start();
    // A mix: bills issued now, bills that appear only later (claims that wait), all paid by the bank.
    const visits = Array.from({ length: CLAIMS }, (_, i) =>
      i % 2 === 0 ? generator.inpatient() : generator.outpatient(),
    );
    visits.forEach((visit, i) => world.simulator.addVisit(visit, i % 4 === 3 ? 'later' : 'now'));
    for (const visit of visits) enrolIfUnknown(world.homeRegion, visit.patient);
    const claimIds = await Promise.all(visits.map((visit) => submitted(claimRequestFor(visit))));
    // Stop while claims are in flight: some paid, some waiting, some mid-way.
    await waitForStatus(first, claimIds[0]!, [
      'PAID',
      'IN_REVIEW',
      'REJECTED',
      'FAILED',
      'WAITING_FOR_EBILL',
    ]);
    await first.close();

    second = await start();
    expect(second.redriven.length).toBeGreaterThan(0);
    world.simulator.issuePending(); // the late bills appear, and are pushed as events to the new runtime
    await second.settle();

    const finals = await Promise.all(
      claimIds.map((id) => waitForStatus(second!, id, ['PAID', 'REJECTED', 'IN_REVIEW', 'FAILED'], 60_000)),
    );
    for (const claim of finals) {
      expect(TERMINAL_STATUSES.has(claim.status) || QUEUE_STATUSES.has(claim.status), claim.status).toBe(
        true,
      );
    }
    const paid = finals.filter((c) => c.status === 'PAID');
    expect(paid.length).toBeGreaterThan(CLAIMS / 2);
    for (const claim of paid) {
      const payout = await second.claims.payout(claim.claimId);
      const transfers = world.bank.ledger().filter((t) => t.idempotencyKey === claim.claimId);
      if (payout && payout.amountFen > 0) {
        expect(transfers).toHaveLength(1);
        expect(transfers[0]?.amountFen).toBe(payout.amountFen);
      }
    }
    // No money left the bank for a claim that the table does not show as paid.
    for (const transfer of world.bank.ledger()) {
      expect(finals.find((c) => c.claimId === transfer.idempotencyKey)?.status).toBe('PAID');
    }
  });
});
