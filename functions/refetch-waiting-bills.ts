import { z } from 'zod';
import { refetchWaitingBills } from './services/bill-refetch';
import { stepHandler } from './shared/step-handler';

/** Parked this long before the hospital is asked again: its own event normally comes well before. */
export const REFETCH_AFTER_MS = 10 * 60_000;
/** Claims asked about in one run (oldest first per region); the next run takes the rest. */
export const REFETCH_LIMIT = 200;

/**
 * RefetchWaitingBills, on a schedule (every 15 minutes on AWS; every few seconds of the local
 * runtime's clock): claims parked in WAITING_FOR_EBILL for longer than REFETCH_AFTER_MS are
 * fetched again from their hospital, and resumed if the bill is there
 * (functions/services/bill-refetch.ts).
 */
export const refetchParkedClaims = () =>
  refetchWaitingBills({ minWaitMs: REFETCH_AFTER_MS, limit: REFETCH_LIMIT });

export const handler = stepHandler(z.object({}).passthrough(), refetchParkedClaims);
