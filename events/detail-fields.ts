import { z } from 'zod';
import { CLAIM_STATUSES } from '../domain/claim-status';

/** Fields several event details share. */

/** When something happened: ISO 8601 with an offset, as EventBridge and our records write it. */
export const EventTimestampSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with offset, such as 2026-03-14T09:30:00+08:00',
});

/**
 * A claim's id: opaque, and nothing about the person. Events name claims by this id only;
 * whoever needs the person reads the case with the rights to do so.
 */
export const ClaimIdSchema = z
  .string({ error: 'must be a claim id' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'must be 1–64 letters, digits, _ or -' });

/** A machine reason such as ALREADY_REIMBURSED (the words for people live with the case). */
export const ReasonCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, { error: 'must be an upper-case code such as ALREADY_REIMBURSED' });

export const ClaimStatusSchema = z.enum(CLAIM_STATUSES);

/** Issues when `later` is before `earlier` (both already valid timestamps). */
export function notBefore(
  earlier: { field: string; value: string },
  later: { field: string; value: string },
  ctx: z.core.$RefinementCtx,
): void {
  if (Date.parse(later.value) < Date.parse(earlier.value)) {
    ctx.addIssue({
      code: 'custom',
      path: [later.field],
      input: later.value,
      message: `is ${later.value}, before ${earlier.field} ${earlier.value}`,
    });
  }
}
