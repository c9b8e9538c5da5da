import { describe, expect, it } from 'vitest';
import { ClaimStore } from '../../adapters/claim-store';
import { requestsBetween } from '../../adapters/dynamodb/request-counter';
import type { ClaimCase } from '../../domain/claim';
import type { SignedEBill } from '../../domain/ebill';
import { useTestTable } from '../support/dynamodb';
import { fakeStoredCase } from '../support/stored-cases';

/**
 * The race between a hospital's bill arriving and a claim of its visit starting to wait for it
 * (functions/services/ebill-ingestion.ts, functions/await-ebill.ts), run on the store's two halves
 * in every order their steps can interleave:
 *
 *   the claim:  PARK (the move to WAITING_FOR_EBILL with its mark on the visit) → READ the visit's bills
 *   the bill:   TRY (put unless a claim is marked, one request) → if a claim was marked:
 *               PUT (the bill) → READ the visit's claims and which of them wait
 *
 * Whatever the order, the claim must see the bill or the bill must see the waiting claim: a wait
 * no bill ends is a claim stuck until the refetch (15 minutes on AWS).
 */
describe('the rendezvous of a bill and a claim waiting for it, in every interleaving', () => {
  const table = useTestTable('rendezvous');
  const claims = new ClaimStore(table.docClient, table.tableName);

  const billFor = (claim: ClaimCase): SignedEBill & { visitNo: string } =>
    ({
      billNo: `B${claim.visit.visitNo}`,
      hospital: { code: claim.hospitalCode },
      visitNo: claim.visit.visitNo,
      status: 'issued',
    }) as unknown as SignedEBill & { visitNo: string };

  async function fetchingClaim(): Promise<ClaimCase> {
    const claim = fakeStoredCase('RDV');
    await claims.create(claim);
    return claims.transition(claim, 'FETCHING');
  }

  type Step = () => Promise<void>;

  /** The claim's two steps; `saw` says whether its read found the bill. */
  function claimSide(claim: ClaimCase) {
    const seen = { bill: false };
    const park: Step = async () => {
      await claims.transition(
        claim,
        'WAITING_FOR_EBILL',
        { taskToken: 'token' },
        [],
        {},
        {
          items: () => [claims.awaitOnVisitItem(claim.hospitalCode, claim.visit.visitNo, claim.claimId)],
        },
      );
    };
    const read: Step = async () => {
      seen.bill = (await claims.visitEBills(claim.hospitalCode, claim.visit.visitNo)).length > 0;
    };
    return { steps: [park, read], seen };
  }

  /** The bill's steps as ingest-ebill takes them; `resumed` says whether it found the claim waiting. */
  function billSide(claim: ClaimCase, bill: SignedEBill & { visitNo: string }) {
    const seen = { claimWaiting: false, outcome: '' };
    const tryPut: Step = async () => {
      seen.outcome = await claims.putNewVisitEBillUnlessAwaited(bill);
    };
    const put: Step = async () => {
      if (seen.outcome === 'awaited') await claims.putNewVisitEBill(bill);
    };
    const read: Step = async () => {
      if (seen.outcome !== 'awaited') return;
      for (const claimId of await claims.claimsForVisit(claim.hospitalCode, claim.visit.visitNo)) {
        const found = await claims.find(claimId);
        if (found?.status === 'WAITING_FOR_EBILL' && found.taskToken) seen.claimWaiting = true;
      }
    };
    return { steps: [tryPut, put, read], seen };
  }

  /** Every merge of a's steps and b's steps that keeps each side's own order. */
  function interleavings<T>(a: T[], b: T[]): T[][] {
    if (a.length === 0) return [b];
    if (b.length === 0) return [a];
    return [
      ...interleavings(a.slice(1), b).map((rest) => [a[0]!, ...rest]),
      ...interleavings(a, b.slice(1)).map((rest) => [b[0]!, ...rest]),
    ];
  }
  const orders = interleavings(['claim:park', 'claim:read'], ['bill:try', 'bill:put', 'bill:read']);

  it('never leaves the claim waiting for a bill that is stored (all 10 orders)', async () => {
    expect(orders).toHaveLength(10);
    for (const order of orders) {
      const claim = await fetchingClaim();
      const bill = billFor(claim);
      const c = claimSide(claim);
      const b = billSide(claim, bill);
      const steps: Record<string, Step> = {
        'claim:park': c.steps[0]!,
        'claim:read': c.steps[1]!,
        'bill:try': b.steps[0]!,
        'bill:put': b.steps[1]!,
        'bill:read': b.steps[2]!,
      };
      for (const name of order) await steps[name]!();
      const label = order.join(' → ');
      // The bill is kept whatever happened…
      expect(await claims.visitEBills(claim.hospitalCode, claim.visit.visitNo), label).toHaveLength(1);
      // …and one side met the other.
      expect(c.seen.bill || b.seen.claimWaiting, label).toBe(true);
      // The one request of the common case is taken only when no claim had parked before it.
      const parkedFirst = order.indexOf('claim:park') < order.indexOf('bill:try');
      expect(b.seen.outcome, label).toBe(parkedFirst ? 'awaited' : 'stored');
    }
  });

  it('can fail: a bill side that neither checks the mark nor reads the claims leaves one order stuck', async () => {
    const stuck: string[] = [];
    for (const order of interleavings(['claim:park', 'claim:read'], ['bill:put'])) {
      const claim = await fetchingClaim();
      const c = claimSide(claim);
      const steps: Record<string, Step> = {
        'claim:park': c.steps[0]!,
        'claim:read': c.steps[1]!,
        'bill:put': async () => void (await claims.putNewVisitEBill(billFor(claim))),
      };
      for (const name of order) await steps[name]!();
      if (!c.seen.bill) stuck.push(order.join(' → '));
    }
    expect(stuck).toEqual(['claim:park → claim:read → bill:put']);
  });

  it('costs a bill nobody waits for one request; an existing bill is told apart and left as it was', async () => {
    const claim = await fetchingClaim();
    const bill = billFor(claim);
    const before = table.requests.counts();
    expect(await claims.putNewVisitEBillUnlessAwaited(bill)).toBe('stored');
    expect(requestsBetween(before, table.requests.counts())).toEqual({ TransactWriteItems: 1 });
    expect(await claims.putNewVisitEBillUnlessAwaited({ ...bill, status: 'voided' } as typeof bill)).toBe(
      'exists',
    );
    expect((await claims.visitEBills(claim.hospitalCode, claim.visit.visitNo)).map((b) => b.status)).toEqual([
      'issued',
    ]);
  });
});
