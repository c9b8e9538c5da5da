import { QUEUE_STATUSES } from '../../domain/claim-status';
import type { ClaimCase } from '../../domain/claim';
import {
  INSURED_INDEX,
  QUEUE_INDEX,
  REGION_INDEX,
  insuredPartitionKey,
  queuePartitionKey,
  regionPartitionKey,
} from '../dynamodb/table-definition';

export type BillFlag = 'VOIDED' | 'REVERSED' | 'CONFLICT';

/** Keys of DESIGN §4, in one place. */
export const keys = {
  claim: (claimId: string) => ({ PK: `CLAIM#${claimId}`, SK: 'CASE' }),
  document: (claimId: string, kind: string, id: string) => ({
    PK: `CLAIM#${claimId}`,
    SK: `DOC#${kind}#${id}`,
  }),
  adjudication: (claimId: string, n: number) => ({
    PK: `CLAIM#${claimId}`,
    SK: `ADJ#${String(n).padStart(4, '0')}`,
  }),
  /**
   * A copy of the newest ADJ#, written in the same transaction, so the claim's page reads the case,
   * its adjudication and its payout in one request (case-view.ts). Not under ADJ#: the list of
   * adjudications stays the numbered ones.
   */
  latestAdjudication: (claimId: string) => ({ PK: `CLAIM#${claimId}`, SK: 'LATEST#ADJ' }),
  billGuard: (billKey: string) => ({ PK: `BILL#${billKey}`, SK: 'CLAIM' }),
  billFlag: (billKey: string, kind: BillFlag) => ({ PK: `BILL#${billKey}`, SK: `FLAG#${kind}` }),
  /** The e-bill inbox of one hospital visit: bills pushed or fetched, and the claims for it. */
  visit: (hospitalCode: string, visitNo: string) => `VISIT#${hospitalCode}#${visitNo}`,
  accumulator: (insuredId: string, year: number) => ({ PK: `INSURED#${insuredId}`, SK: `ACC#${year}` }),
  /** A claim's payout; an appeal's difference is a payout of its own beside it. */
  payout: (claimId: string, appealNo?: number) => ({
    PK: `PAYOUT#${claimId}`,
    SK: appealNo === undefined ? 'PAYOUT' : `PAYOUT#APPEAL#${String(appealNo).padStart(3, '0')}`,
  }),
  /** The case history: one hash-chained entry per change (domain/audit-chain.ts). */
  audit: (claimId: string, seq: number) => ({
    PK: `CLAIM#${claimId}`,
    SK: `AUDIT#${String(seq).padStart(6, '0')}`,
  }),
  /** A citizen's rating of a closed claim, kept under its home region for the region's clerks. */
  rating: (region: string, claimId: string) => ({ PK: `RATINGS#${region}`, SK: `CLAIM#${claimId}` }),
  /**
   * A follow-up of a bad rating while it waits for an answer, in one partition sorted by due date,
   * so the scheduled check reads the overdue ones with one Query; deleted with the answer.
   */
  openFollowUp: (dueDate: string, claimId: string) => ({
    PK: 'FOLLOWUPS#OPEN',
    SK: `DUE#${dueDate}#CLAIM#${claimId}`,
  }),
  /** A citizen's daily counters of claims and uploads (abuse limits), kept two days. */
  quota: (subject: string, day: string) => ({ PK: `QUOTA#${subject}`, SK: `DAY#${day}` }),
  /** A notification to a citizen, newest last. */
  notification: (idNumberHash: string, at: string, claimId: string, status: string) => ({
    PK: `INSURED#${idNumberHash}`,
    SK: `NOTIFY#${at}#${claimId}#${status}`,
  }),
};

/** The case item: its keys, its index attributes and the case. */
export const caseItem = (claim: ClaimCase): Record<string, unknown> => ({
  ...keys.claim(claim.claimId),
  ...indexAttributes(claim),
  ...claim,
});

/**
 * Statuses listed by region in the queue index: a clerk's queues, and the claims parked for a
 * hospital's bill (RefetchWaitingBills asks the hospitals again for those, oldest first).
 */
const INDEXED_BY_STATUS: ReadonlySet<ClaimCase['status']> = new Set([...QUEUE_STATUSES, 'WAITING_FOR_EBILL']);

/** GSI attributes: the region's list of a status a clerk or a sweep acts on, the insured's list always. */
function indexAttributes(claim: ClaimCase): Record<string, string> {
  const attributes: Record<string, string> = {
    [INSURED_INDEX.partitionKey]: insuredPartitionKey(claim.insured.idNumberHash),
    [INSURED_INDEX.sortKey]: `${claim.createdAt}#${claim.claimId}`,
    [REGION_INDEX.partitionKey]: regionPartitionKey(claim.insured.homeRegion),
    [REGION_INDEX.sortKey]: `${claim.createdAt}#${claim.claimId}`,
  };
  if (INDEXED_BY_STATUS.has(claim.status)) {
    attributes[QUEUE_INDEX.partitionKey] = queuePartitionKey(claim.insured.homeRegion, claim.status);
    attributes[QUEUE_INDEX.sortKey] = `${claim.queuedAt ?? claim.updatedAt}#${claim.claimId}`;
  }
  return attributes;
}

/** Keys, and the content hash a document carries for the history (not part of the document). */
const KEY_ATTRIBUTES = new Set([
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'contentHash',
]);

export function stripKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}

/** Thrown when a conditional status change finds the case elsewhere than expected. */
export class ClaimConflictError extends Error {
  override readonly name = 'ClaimConflict';
}

export class ClaimNotFoundError extends Error {
  override readonly name = 'ClaimNotFound';
}
