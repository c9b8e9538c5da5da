import { stepHandler } from './shared/step-handler';
import { recordFailure, RecordFailureInputSchema } from './services/failure-recording';

/** The Lambda entry point of the step; the work is in services/failure-recording.ts. */
export const handler = stepHandler(RecordFailureInputSchema, recordFailure);
