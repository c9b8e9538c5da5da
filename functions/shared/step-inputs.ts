import { z } from 'zod';
import { ClaimIdSchema } from '../../domain/schema-primitives';

export { ClaimIdSchema };

/** The state machine hands most steps only the claim id (ASL Parameters); the rest is in the table. */
export const ClaimStepInputSchema = z.strictObject({ claimId: ClaimIdSchema });
export type ClaimStepInput = z.infer<typeof ClaimStepInputSchema>;

/** Steps run as `.waitForTaskToken` get the token to store with the case. */
export const WaitingStepInputSchema = z.strictObject({
  claimId: ClaimIdSchema,
  taskToken: z.string().min(1),
});
export type WaitingStepInput = z.infer<typeof WaitingStepInputSchema>;

/** The steps of an appeal's execution get the claim and which of its appeals. */
export const AppealStepInputSchema = z.strictObject({
  claimId: ClaimIdSchema,
  appealNo: z.number().int().min(1),
});
export type AppealStepInput = z.infer<typeof AppealStepInputSchema>;
