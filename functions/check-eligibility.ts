import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema } from './shared/step-inputs';
import { checkEligibility } from './services/eligibility-check';

/** The Lambda entry point of the step; the work is in services/eligibility-check.ts. */
export const handler = stepHandler(ClaimStepInputSchema, checkEligibility);
