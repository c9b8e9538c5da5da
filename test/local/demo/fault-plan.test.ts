import { describe, expect, it } from 'vitest';
import { HospitalFaultsSchema } from '../../../local/hospitals/faults';
import { faultyHospitalCount, planFaults } from '../../../local/demo/fault-plan';

const HOSPITALS = ['H31010400002', 'H32010200717', 'H31011500751', 'H32041100460', 'H31011200113'];

describe('demo fault plan', () => {
  it('touches the share of hospitals the rate says, at least one when above 0', () => {
    expect(faultyHospitalCount(0, 8)).toBe(0);
    expect(faultyHospitalCount(0.1, 8)).toBe(1);
    expect(faultyHospitalCount(0.5, 8)).toBe(4);
    expect(faultyHospitalCount(1, 8)).toBe(8);
    expect(faultyHospitalCount(0.5, 0)).toBe(0);
  });

  it('picks the same hospitals and faults for the same seed, whatever the order they were seen in', () => {
    const plan = planFaults('demo', 0.6, HOSPITALS);
    expect(planFaults('demo', 0.6, [...HOSPITALS].reverse())).toEqual(plan);
    expect(plan).toHaveLength(3);
    expect(new Set(plan.map((f) => f.hospitalCode)).size).toBe(3);
  });

  it('only plans faults the hospitals accept, each of them transient', () => {
    for (const fault of planFaults('any', 1, HOSPITALS)) {
      expect(HospitalFaultsSchema.safeParse(fault.faults).success).toBe(true);
      expect(fault.kind === 'fail_next' || fault.clearAfterMs !== undefined).toBe(true);
    }
  });
});
