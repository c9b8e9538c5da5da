import { stepHandler } from './shared/step-handler';
import { AppealStepInputSchema } from './shared/step-inputs';
import { reAdjudicateAppeal } from './services/appeal-readjudication';

/** The Lambda entry point of the step; the work is in services/appeal-readjudication.ts. */
export const handler = stepHandler(AppealStepInputSchema, reAdjudicateAppeal);
