import type { ApiClient, ClerkDecisionBody, QueueItemAnswer } from './api-client';
import type { ClaimOutcome } from './outcome';

/**
 * The simulated clerk of region 330400: reads the review queue (IN_REVIEW and FAILED) and
 * decides the batch's cases as the plan says. A case in review is approved, unless the plan
 * has the clerk reject it (only the visits with a mismatching paper receipt); a FAILED case
 * (a step failed for good, e.g. a hospital down longer than the retries) is retried from
 * eligibility a few times, then left in the queue for a person. Cases that are not the
 * batch's (earlier runs, someone trying the API) are left alone.
 */

export const MAX_RETRIES_PER_CLAIM = 3;

export interface ClerkCounts {
  approved: number;
  rejected: number;
  retried: number;
}

/** What the clerk does with a queue item of the batch; undefined: leave it. */
export function clerkDecision(
  item: Pick<QueueItemAnswer, 'status' | 'awaitingDecision'>,
  outcome: Pick<ClaimOutcome, 'clerk'>,
  retriesSoFar: number,
): ClerkDecisionBody | undefined {
  // Until the workflow holds a task token for it, a decision could not resume anything.
  if (!item.awaitingDecision) return undefined;
  if (item.status === 'FAILED') {
    return retriesSoFar < MAX_RETRIES_PER_CLAIM
      ? { decision: 'retry', note: 'demo clerk: the hospital may be back; try again' }
      : undefined;
  }
  if (outcome.clerk.decision === 'reject') {
    return {
      decision: 'reject',
      reasonCode: outcome.clerk.reasonCode,
      note: 'demo clerk: the paper receipt does not match the hospital’s e-bill',
    };
  }
  return { decision: 'approve', note: 'demo clerk: checked' };
}

export class Clerk {
  readonly counts: ClerkCounts = { approved: 0, rejected: 0, retried: 0 };
  private readonly retries = new Map<string, number>();

  constructor(
    private readonly api: ApiClient,
    private readonly byClaimId: ReadonlyMap<string, ClaimOutcome>,
  ) {}

  /** True when the clerk will not decide this case again (FAILED too often): it stays in the queue. */
  isDoneWith(claimId: string, status: string): boolean {
    return status === 'FAILED' && (this.retries.get(claimId) ?? 0) >= MAX_RETRIES_PER_CLAIM;
  }

  /** One look at both queues, deciding what is ours and waiting. */
  async pass(): Promise<void> {
    for (const status of ['IN_REVIEW', 'FAILED'] as const) {
      for (const item of await this.api.reviewQueue(status)) {
        const outcome = this.byClaimId.get(item.claimId);
        if (!outcome) continue;
        const decision = clerkDecision(item, outcome, this.retries.get(item.claimId) ?? 0);
        if (!decision) continue;
        // 409: the case moved on, or was decided already; the next pass sees it as it is now.
        if ((await this.api.decide(item.claimId, decision)) !== 'recorded') continue;
        if (decision.decision === 'retry') {
          this.retries.set(item.claimId, (this.retries.get(item.claimId) ?? 0) + 1);
          this.counts.retried++;
        } else if (decision.decision === 'approve') this.counts.approved++;
        else this.counts.rejected++;
      }
    }
  }
}
