import { QUEUE_STATUSES, TERMINAL_STATUSES } from '../../domain/claim-status';
import type { CareType } from '../../domain/schema-primitives';
import type { ClaimAnswer } from './api-client';
import type { ClerkPlan, HomeFacts, VisitRole } from './plan';

/** One claim of the batch as the demo followed it: the plan, the submission, what the API last said. */
export interface ClaimOutcome {
  /** Position in submission order. */
  index: number;
  visit: number;
  insured: number;
  /** What the home region's record says of the insured person (set by the demo). */
  home: HomeFacts;
  /** The insured person's key for the cap check (the hash the API knows them by; never printed). */
  insuredKey: string;
  duplicate: boolean;
  role: VisitRole;
  careType: CareType;
  /** hospital code / visit number: one visit, one bill. */
  visitKey: string;
  clerk: ClerkPlan;
  /** The demo's clock (ms since epoch) when POST /claims was sent. */
  submittedAtMs?: number;
  submitError?: string;
  /** POST /claims failed (this is why), but the claim was found among the citizen's claims. */
  recoveredFrom?: string;
  claimId?: string;
  /** The latest GET /claims/{id}. */
  last?: ClaimAnswer;
  /** The error of the last failure seen on it while following (a retry later clears it). */
  failureSeen?: string;
}

export const isTerminal = (o: ClaimOutcome): boolean =>
  o.last !== undefined && TERMINAL_STATUSES.has(o.last.status);

export const isQueued = (o: ClaimOutcome): boolean =>
  o.last !== undefined && QUEUE_STATUSES.has(o.last.status);

export const isPaid = (o: ClaimOutcome): boolean => o.last?.status === 'PAID';

/** When the payout was written, from the API's timeline (the server's clock). */
export function paidAt(o: ClaimOutcome): string | undefined {
  return o.last?.timeline.find((t) => t.fact === 'paid')?.at;
}

/** Submit → paid as the API records it: the case's createdAt to the payout's time. */
export function submitToPaidMs(o: ClaimOutcome): number | undefined {
  const paid = paidAt(o);
  if (!isPaid(o) || paid === undefined || o.last === undefined) return undefined;
  return Date.parse(paid) - Date.parse(o.last.createdAt);
}

/** A short, safe name for a claim in messages: its id and position, never personal data. */
export function claimRef(o: ClaimOutcome): string {
  return `${o.claimId ?? '(not submitted)'} [#${o.index + 1}, visit ${o.visitKey}]`;
}
