import { stepHandler } from './shared/step-handler';
import { ClaimStepInputSchema } from './shared/step-inputs';
import { fetchDocuments } from './services/document-fetching';

/** The Lambda entry point of the step; the work is in services/document-fetching.ts. */
export const handler = stepHandler(ClaimStepInputSchema, fetchDocuments);
