import { seededRandom } from '../../domain/seeded-random';
import type { HospitalFaults } from '../hospitals/faults';

/**
 * Which hospitals the demo switches into transient faults, and for how long. Transient on
 * purpose: the claim workflow retries hospital faults (2 s, ×2, 5 attempts, full jitter), and
 * a claim whose retries run out waits in the clerk queue as FAILED for a clerk to retry. A
 * fault that never ends would only show that a claim cannot be paid without its bill.
 */

export type FaultKind = 'fail_next' | 'slow' | 'outage';

export interface PlannedFault {
  hospitalCode: string;
  kind: FaultKind;
  faults: HospitalFaults;
  /** When the demo switches the fault off again, from the start of submissions; none: it wears off by itself. */
  clearAfterMs?: number;
}

const KINDS: readonly FaultKind[] = ['fail_next', 'outage', 'slow'];

/** How many of `hospitals` the rate touches: at least one when the rate is above 0. */
export function faultyHospitalCount(rate: number, hospitals: number): number {
  if (rate <= 0 || hospitals === 0) return 0;
  return Math.min(hospitals, Math.max(1, Math.round(rate * hospitals)));
}

/**
 * The faults for a batch. The hospitals are those the batch's visits went to (the demo knows no
 * other list of them), sorted, so the same seed picks the same ones from the same set.
 */
export function planFaults(seed: string, rate: number, hospitalCodes: readonly string[]): PlannedFault[] {
  const rand = seededRandom(`crossclaim-demo/${seed}`).fork('faults');
  const distinct = [...new Set(hospitalCodes)].sort();
  const chosen = rand.shuffle(distinct).slice(0, faultyHospitalCount(rate, distinct.length));
  const kinds = rand.shuffle(KINDS);
  return chosen.map((hospitalCode, i) => {
    const kind = kinds[i % kinds.length] ?? 'fail_next';
    switch (kind) {
      case 'fail_next':
        // Down for a moment: the next few fetches fail with 503, then all is well.
        return { hospitalCode, kind, faults: { failNextN: rand.int(3, 8) } };
      case 'outage':
        // Every fetch fails for a while: long enough that some claims' retries run out.
        return { hospitalCode, kind, faults: { http5xx: 503 }, clearAfterMs: rand.int(8, 15) * 1000 };
      case 'slow':
        // Slow but within the client's 5 s timeout.
        return { hospitalCode, kind, faults: { slowMs: rand.int(1500, 3000) }, clearAfterMs: 20_000 };
    }
  });
}

export function describeFault(fault: PlannedFault): string {
  const until = fault.clearAfterMs === undefined ? '' : ` for ${Math.round(fault.clearAfterMs / 1000)} s`;
  switch (fault.kind) {
    case 'fail_next':
      return `${fault.hospitalCode}: the next ${fault.faults.failNextN ?? 0} requests fail (503)`;
    case 'outage':
      return `${fault.hospitalCode}: every request fails (503)${until}`;
    case 'slow':
      return `${fault.hospitalCode}: answers after ${fault.faults.slowMs ?? 0} ms${until}`;
  }
}
