import { stepHandler } from './shared/step-handler';
import { AppealStepInputSchema } from './shared/step-inputs';
import { payAppealDifference } from './services/appeal-difference-payment';

/** The Lambda entry point of the step; the work is in services/appeal-difference-payment.ts. */
export const handler = stepHandler(AppealStepInputSchema, payAppealDifference);
