import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema } from './shared/step-inputs';
import { adjudicateStep } from './services/claim-adjudication';

/** The Lambda entry point of the step; the work is in services/claim-adjudication.ts. */
export const handler = stepHandler(ClaimStepInputSchema, adjudicateStep);
