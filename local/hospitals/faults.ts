import { z } from 'zod';
import { HospitalCodeSchema } from '../../domain/ebill';

/**
 * Faults a simulated hospital can be switched into, to exercise crossclaim's retries,
 * timeouts and signature checks (DESIGN §6). Several may be on at once; see `planFor`
 * for which wins.
 */
export const HospitalFaultsSchema = z.strictObject({
  /** Never answer: the request hangs until the client gives up. */
  timeout: z.boolean().optional(),
  /** Answer every request with this 5xx status (true: 503). */
  http5xx: z.union([z.literal(true), z.int().min(500).max(599)]).optional(),
  /** Answer, but only after this many milliseconds. */
  slowMs: z.int().min(0).max(120_000).optional(),
  /** Answer 200 with a body that is not JSON, or JSON that breaks the e-bill schema. */
  malformed: z.enum(['truncated-json', 'schema-violation']).optional(),
  /** Serve bills whose signature does not verify with the hospital's registered key. */
  badSignature: z.boolean().optional(),
  /** Fail the next N requests with 503, then answer normally: for retry tests. */
  failNextN: z.int().min(0).optional(),
});
export type HospitalFaults = z.infer<typeof HospitalFaultsSchema>;

/** The body of POST /admin/faults: replaces the hospital's faults ({} clears them). */
export const SetFaultsRequestSchema = z.strictObject({
  hospitalCode: HospitalCodeSchema,
  faults: HospitalFaultsSchema,
});

/** What to do with one request, decided before the answer is computed. */
export type FaultPlan =
  | { kind: 'hang' }
  | { kind: 'fail'; status: number }
  | {
      kind: 'answer';
      delayMs: number;
      malformed?: 'truncated-json' | 'schema-violation';
      badSignature: boolean;
    };

/**
 * The plan for the next request and the faults left afterwards (failNextN counts down).
 * Order: a pending failNextN failure first (it models a hospital that is down for a moment),
 * then a hang, then a steady 5xx, then an answer, possibly slow, malformed or badly signed.
 */
export function planFor(faults: HospitalFaults): { plan: FaultPlan; remaining: HospitalFaults } {
  const { failNextN = 0 } = faults;
  if (failNextN > 0)
    return { plan: { kind: 'fail', status: 503 }, remaining: { ...faults, failNextN: failNextN - 1 } };
  if (faults.timeout) return { plan: { kind: 'hang' }, remaining: faults };
  if (faults.http5xx !== undefined) {
    return {
      plan: { kind: 'fail', status: faults.http5xx === true ? 503 : faults.http5xx },
      remaining: faults,
    };
  }
  return {
    plan: {
      kind: 'answer',
      delayMs: faults.slowMs ?? 0,
      ...(faults.malformed && { malformed: faults.malformed }),
      badSignature: faults.badSignature ?? false,
    },
    remaining: faults,
  };
}
