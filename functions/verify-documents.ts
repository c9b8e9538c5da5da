import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema } from './shared/step-inputs';
import { verifyDocuments } from './services/document-verification';

/** The Lambda entry point of the step; the work is in services/document-verification.ts. */
export const handler = stepHandler(ClaimStepInputSchema, verifyDocuments);
