import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { idempotencyConfig, idempotencyPersistence } from './shared/idempotency';
import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema } from './shared/step-inputs';
import { payOut } from './services/claim-payout';

/**
 * The Lambda entry point of the step; the work is in services/claim-payout.ts. Powertools
 * idempotency (key: the claim id) sees the input before the parser replaces it.
 */
export const handler = stepHandler(ClaimStepInputSchema, payOut, {
  rawInput: [
    makeHandlerIdempotent({
      persistenceStore: idempotencyPersistence('pay-out'),
      config: idempotencyConfig('claimId'),
    }),
  ],
});
