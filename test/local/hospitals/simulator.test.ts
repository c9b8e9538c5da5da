import { describe, expect, it } from 'vitest';
import { createBillGenerator } from '../../../local/hospitals/bill-generator';
import { generateHospitalCatalog } from '../../../local/hospitals/catalog';
import { planFor } from '../../../local/hospitals/faults';
import { HospitalSimulator, UnknownHospitalError, type BillChange } from '../../../local/hospitals/simulator';

const catalog = generateHospitalCatalog('simulator-test');
const hospitalCode = catalog.hospitals[0]?.code ?? '';

function world(start = new Date('2026-04-01T08:00:00Z')) {
  const clock = { now: start };
  const simulator = new HospitalSimulator(catalog, { now: () => clock.now });
  const generator = createBillGenerator(catalog, 'simulator-test');
  const visit = generator.inpatient({ hospitalCode });
  const query = { visitNo: visit.visitNo, idNumberHash: visit.patient.idNumberHash };
  return { clock, simulator, generator, visit, query };
}

describe('hospital simulator: the world of issued bills', () => {
  it('finds the bills of a visit by visit number and ID hash, and only for that person', () => {
    const { simulator, visit, query } = world();
    simulator.addVisit(visit);
    expect(simulator.findBills(hospitalCode, query)).toEqual({ status: 'issued', bills: [visit.bill] });
    expect(simulator.findBills(hospitalCode, { ...query, idNumberHash: 'sha256:someone-else' })).toEqual({
      status: 'not_issued',
    });
    expect(simulator.getBill(hospitalCode, visit.bill.billBatchCode, visit.bill.billNo)).toEqual(visit.bill);
    expect(simulator.getDischargeSummary(hospitalCode, visit.visitNo)).toEqual(visit.dischargeSummary);
  });

  it('holds a bill back until issuePending()', () => {
    const { simulator, visit, query } = world();
    simulator.addVisit(visit, 'later');
    expect(simulator.findBills(hospitalCode, query)).toEqual({ status: 'not_issued' });
    expect(simulator.pendingCount).toBe(1);
    expect(simulator.issuePending()).toEqual([visit.bill]);
    expect(simulator.findBills(hospitalCode, query)).toEqual({ status: 'issued', bills: [visit.bill] });
    expect(simulator.pendingCount).toBe(0);
  });

  it('issues a scheduled bill once its time has come', () => {
    const { clock, simulator, visit, query } = world();
    simulator.addVisit(visit, new Date('2026-04-02T08:00:00Z'));
    expect(simulator.findBills(hospitalCode, query).status).toBe('not_issued');
    clock.now = new Date('2026-04-02T07:59:59Z');
    expect(simulator.getBill(hospitalCode, visit.bill.billBatchCode, visit.bill.billNo)).toBeUndefined();
    clock.now = new Date('2026-04-02T08:00:00Z');
    expect(simulator.findBills(hospitalCode, query).status).toBe('issued');
  });

  it('serves a voided bill and its red reversal together with the visit', () => {
    const { simulator, generator, visit, query } = world();
    simulator.addVisit(visit);
    const { voidedOriginal, reversal } = generator.redReversal(visit.bill);
    simulator.issue(voidedOriginal);
    simulator.issue(reversal);
    const found = simulator.findBills(hospitalCode, query);
    expect(found).toEqual({ status: 'issued', bills: [voidedOriginal, reversal] });
  });

  it('tells listeners about every bill issued or voided, for the EBill.Issued / EBill.Voided events', () => {
    const { simulator, generator, visit } = world();
    const changes: BillChange[] = [];
    const stop = simulator.onBillChange((change) => changes.push(change));
    simulator.addVisit(visit, 'later');
    expect(changes).toEqual([]);
    simulator.issuePending();
    simulator.issue(generator.voided(visit.bill));
    stop();
    simulator.issue(visit.bill);
    expect(changes.map((c) => c.kind)).toEqual(['issued', 'voided']);
  });

  it('refuses hospitals that are not in the catalog', () => {
    const { simulator, visit } = world();
    expect(simulator.hasHospital('H99999999999')).toBe(false);
    expect(() => simulator.findBills('H99999999999', { visitNo: 'x', idNumberHash: 'y' })).toThrow(
      UnknownHospitalError,
    );
    const foreign = { ...visit.bill, hospital: { ...visit.bill.hospital, code: 'H99999999999' } };
    expect(() => simulator.issue(foreign)).toThrow(UnknownHospitalError);
  });

  it('keeps faults per hospital and counts failNextN down request by request', () => {
    const { simulator } = world();
    const other = catalog.hospitals[1]?.code ?? '';
    simulator.setFaults(hospitalCode, { failNextN: 2 });
    expect(simulator.nextFaultPlan(other)).toEqual({ kind: 'answer', delayMs: 0, badSignature: false });
    expect(simulator.nextFaultPlan(hospitalCode)).toEqual({ kind: 'fail', status: 503 });
    expect(simulator.nextFaultPlan(hospitalCode)).toEqual({ kind: 'fail', status: 503 });
    expect(simulator.nextFaultPlan(hospitalCode).kind).toBe('answer');
    simulator.setFaults(hospitalCode, { timeout: true });
    simulator.clearFaults();
    expect(simulator.nextFaultPlan(hospitalCode).kind).toBe('answer');
  });
});

describe('fault plans', () => {
  it('fails pending failNextN first, then hangs, then answers 5xx, then answers slow, malformed or badly signed', () => {
    expect(planFor({ failNextN: 1, timeout: true }).plan).toEqual({ kind: 'fail', status: 503 });
    expect(planFor({ timeout: true, http5xx: 500 }).plan).toEqual({ kind: 'hang' });
    expect(planFor({ http5xx: 502, slowMs: 10 }).plan).toEqual({ kind: 'fail', status: 502 });
    expect(planFor({ http5xx: true }).plan).toEqual({ kind: 'fail', status: 503 });
    expect(planFor({ slowMs: 10, malformed: 'truncated-json', badSignature: true }).plan).toEqual({
      kind: 'answer',
      delayMs: 10,
      malformed: 'truncated-json',
      badSignature: true,
    });
  });

  it('counts failNextN down and leaves the other faults as they were', () => {
    expect(planFor({ failNextN: 2, slowMs: 5 }).remaining).toEqual({ failNextN: 1, slowMs: 5 });
    expect(planFor({ failNextN: 0, slowMs: 5 }).remaining).toEqual({ failNextN: 0, slowMs: 5 });
  });
});
