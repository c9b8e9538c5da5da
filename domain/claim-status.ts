/** The life of a claim (DESIGN §4). FAILED means "needs a clerk", never a silent end. */
export const CLAIM_STATUSES = [
  'SUBMITTED',
  'FETCHING',
  'WAITING_FOR_EBILL',
  'READING',
  'VERIFYING',
  'ADJUDICATED',
  'IN_REVIEW',
  'WAITING_FOR_INFO',
  'APPROVED',
  'PAID',
  'REJECTED',
  'FAILED',
  'APPEALED',
] as const;

export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Statuses in which the machine is done with a claim. */
export const TERMINAL_STATUSES: ReadonlySet<ClaimStatus> = new Set(['PAID', 'REJECTED']);

/** Statuses in which a claim sits in a clerk's queue. */
export const QUEUE_STATUSES: ReadonlySet<ClaimStatus> = new Set(['IN_REVIEW', 'FAILED']);
