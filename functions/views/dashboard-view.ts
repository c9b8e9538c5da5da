import type { DashboardView } from '../../domain/api/dashboard';
import type { StoredRating } from '../../adapters/claim-store';
import { levelOfScore, satisfactionSummary } from '../../domain/ratings';
import type { ClaimCase } from '../../domain/claim';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claim-status';

/**
 * The supervisor dashboard's numbers for one region (the schema: domain/api/dashboard.ts), built
 * from the facts the handler reads: the region's cases and payouts, its queue (GSI1) and its
 * ratings. Days are calendar days in China (UTC+8), when the claim was submitted.
 */

/** The few facts of a region's case that the dashboard counts. */
export interface RegionCaseFacts {
  claimId: string;
  status: ClaimStatus;
  createdAt: string;
  updatedAt: string;
  /** A clerk's decision released it (else the machine decided). */
  clerkDecided: boolean;
  /** What was paid and when the claim became PAID (its decidedAt). */
  payout?: { amountFen: number; createdAt: string };
}

export function regionCaseFacts(claim: ClaimCase): RegionCaseFacts {
  const paidAt = claim.decidedAt ?? claim.updatedAt;
  return {
    claimId: claim.claimId,
    status: claim.status,
    createdAt: claim.createdAt,
    updatedAt: claim.updatedAt,
    clerkDecided: claim.decision !== undefined,
    ...(claim.status === 'PAID' && { payout: { amountFen: claim.benefitFen ?? 0, createdAt: paidAt } }),
  };
}

export interface DashboardFacts {
  region: string;
  now: Date;
  days: number;
  cases: readonly RegionCaseFacts[];
  /** The region's queue as GSI1 holds it (IN_REVIEW and FAILED, oldest first). */
  queue: readonly Pick<ClaimCase, 'claimId' | 'status' | 'queuedAt' | 'updatedAt' | 'escalatedAt'>[];
  ratings: readonly StoredRating[];
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const chinaDate = (at: Date): string => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

const zeroCounts = (): Record<ClaimStatus, number> =>
  Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])) as Record<ClaimStatus, number>;

/** Nearest-rank percentile of sorted values: the smallest value with at least p% at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function dashboardView(facts: DashboardFacts): DashboardView {
  const { cases, now, days } = facts;
  const byStatus = zeroCounts();
  const perDay = new Map<
    string,
    { date: string; submitted: number; byStatus: Record<ClaimStatus, number> }
  >();
  for (let i = days - 1; i >= 0; i -= 1) {
    const date = chinaDate(new Date(now.getTime() - i * 86_400_000));
    perDay.set(date, { date, submitted: 0, byStatus: zeroCounts() });
  }
  let closed = 0;
  let automatic = 0;
  let payoutCount = 0;
  let payoutFen = 0;
  const toPaid: number[] = [];
  for (const c of cases) {
    byStatus[c.status] += 1;
    const day = perDay.get(chinaDate(new Date(c.createdAt)));
    if (day) {
      day.submitted += 1;
      day.byStatus[c.status] += 1;
    }
    if (c.status === 'PAID' || c.status === 'REJECTED') {
      closed += 1;
      if (!c.clerkDecided) automatic += 1;
    }
    if (c.payout) {
      payoutCount += 1;
      payoutFen += c.payout.amountFen;
      if (c.status === 'PAID') {
        toPaid.push(
          Math.max(0, Math.round((Date.parse(c.payout.createdAt) - Date.parse(c.createdAt)) / 1000)),
        );
      }
    }
  }
  toPaid.sort((a, b) => a - b);

  const queuedAt = facts.queue.map((q) => q.queuedAt ?? q.updatedAt).sort();
  const oldest = queuedAt[0] ?? null;
  const ratingSum = facts.ratings.reduce((sum, r) => sum + r.score, 0);
  const satisfaction = satisfactionSummary(
    facts.ratings.map((r) => ({
      level: r.level ?? levelOfScore(r.score),
      ...(r.followUp && { followUp: r.followUp }),
    })),
    now,
  );
  return {
    region: facts.region,
    generatedAt: now.toISOString(),
    days,
    total: cases.length,
    byStatus,
    perDay: [...perDay.values()],
    decided: { closed, automatic, automaticShare: closed === 0 ? null : automatic / closed },
    submitToPaid: {
      count: toPaid.length,
      p50Seconds: percentile(toPaid, 50),
      p95Seconds: percentile(toPaid, 95),
    },
    queue: {
      inReview: facts.queue.filter((q) => q.status === 'IN_REVIEW').length,
      failed: facts.queue.filter((q) => q.status === 'FAILED').length,
      size: facts.queue.length,
      oldestQueuedAt: oldest,
      oldestAgeSeconds:
        oldest === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(oldest)) / 1000)),
      slaBreaches: facts.queue.filter((q) => q.escalatedAt !== undefined).length,
    },
    payouts: { count: payoutCount, totalFen: payoutFen },
    ratings: {
      count: facts.ratings.length,
      averageScore:
        facts.ratings.length === 0 ? null : Math.round((ratingSum / facts.ratings.length) * 100) / 100,
      satisfaction: satisfaction.satisfaction,
      followUpRate: satisfaction.followUpRate,
      onTimeRate: satisfaction.onTimeRate,
      followUps: {
        opened: satisfaction.followUps.opened,
        answered: satisfaction.followUps.answered,
        overdue: satisfaction.followUps.overdue,
      },
    },
  };
}
