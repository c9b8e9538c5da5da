import { z } from 'zod';

/**
 * The body of POST /admin/faults on the bank simulator's server. Each field given switches
 * that fault; a field left out leaves its fault as it is, so a test can add a delay without
 * forgetting the accounts it closed. POST /admin/reset clears everything.
 */
export const SetBankFaultsRequestSchema = z.strictObject({
  /** Fail the next N instructions with 503, then answer normally: what a retry gets through. */
  failNext: z.int().min(0).max(1000).optional(),
  /** Answer every instruction only after this many milliseconds (0 turns it off). */
  delayMs: z.int().min(0).max(120_000).optional(),
  /** Accounts ending in these digits are closed: a final 422. Replaces the list; [] reopens all. */
  refuseAccountsEndingIn: z
    .array(z.string().regex(/^\d{1,19}$/, { error: 'must be 1 to 19 digits' }))
    .max(100)
    .optional(),
});
export type SetBankFaultsRequest = z.infer<typeof SetBankFaultsRequestSchema>;
