import { stepHandler } from './shared/step-handler';
import { readReceipt, ReadReceiptInputSchema } from './services/receipt-reading';

/** The Lambda entry point of the step; the work is in services/receipt-reading.ts. */
export const handler = stepHandler(ReadReceiptInputSchema, readReceipt);
