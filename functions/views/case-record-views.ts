import type { AuditTrail, StoredNotification, StoredRating } from '../../adapters/claim-store';
import type { HistoryView, NotificationsView } from '../../domain/api/case-record';
import type { RatingsView, RatingView } from '../../domain/api/ratings';
import { verifyChain } from '../../domain/audit-chain';
import {
  LEVEL_NAMES,
  followUpState,
  levelOfScore,
  satisfactionSummary,
  type RatingLevel,
} from '../../domain/ratings';
import type { Audience } from './claim-views';
import { viewFor } from '../../domain/view-policy';
import { showsActorId } from './citizen-redaction';

/**
 * What the HTTP API shows of a case's record beyond the case itself, built from what is stored:
 * the history, the ratings and the notifications (their schemas: domain/api/case-record.ts and
 * domain/api/ratings.ts).
 */

export function historyView(trail: AuditTrail, audience: Audience): HistoryView {
  const verdict = verifyChain(trail.claimId, trail.entries, trail.head);
  return {
    claimId: trail.claimId,
    verified: verdict.ok,
    ...(!verdict.ok && { problem: verdict.problem, brokenAt: verdict.brokenAt }),
    entries: trail.entries.map((e) => {
      // Staff identities and internal notes in a summary reach staff only (their labels, viewFor).
      const before = e.before && viewFor(e.before, audience);
      const after = e.after && viewFor(e.after, audience);
      const showSub = showsActorId(e.actor.role, audience);
      return {
        seq: e.seq,
        at: e.at,
        actor: { role: e.actor.role, ...(showSub && { sub: e.actor.sub }) },
        action: e.action,
        ...(before && { before }),
        ...(after && { after }),
        hash: e.hash,
      };
    }),
  };
}

const levelOf = (r: StoredRating): RatingLevel => r.level ?? levelOfScore(r.score);

export function ratingView(r: StoredRating, now: Date, audience: Audience = 'staff'): RatingView {
  const level = levelOf(r);
  const f = r.followUp;
  return {
    claimId: r.claimId,
    region: r.region,
    score: r.score,
    level,
    levelName: { zh: LEVEL_NAMES[level].zh, en: LEVEL_NAMES[level].en },
    subScores: r.subScores ?? {},
    ...(r.comment !== undefined && { comment: r.comment }),
    at: r.at,
    ...(f && {
      followUp: {
        dueDate: f.dueDate,
        workingDays: f.workingDays,
        state: followUpState(f, now),
        ...(f.escalatedAt !== undefined && { escalatedAt: f.escalatedAt }),
        ...(f.answer && {
          answer: {
            text: f.answer.text,
            at: f.answer.at,
            onTime: f.answer.onTime,
            ...(audience !== 'citizen' && { clerkId: f.answer.clerkId }),
          },
        }),
      },
    }),
  };
}

const satisfactionOf = (ratings: readonly StoredRating[], now: Date) => {
  const s = satisfactionSummary(
    ratings.map((r) => ({ level: levelOf(r), ...(r.followUp && { followUp: r.followUp }) })),
    now,
  );
  return {
    summary: s,
    shape: {
      satisfaction: s.satisfaction,
      followUpRate: s.followUpRate,
      onTimeRate: s.onTimeRate,
      followUps: s.followUps,
    },
  };
};

export function ratingsView(region: string, ratings: StoredRating[], now: Date, limit = 100): RatingsView {
  const byScore = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let sum = 0;
  for (const r of ratings) {
    byScore[r.score as 1 | 2 | 3 | 4 | 5] += 1;
    sum += r.score;
  }
  const { summary, shape } = satisfactionOf(ratings, now);
  return {
    region,
    count: ratings.length,
    averageScore: ratings.length === 0 ? null : Math.round((sum / ratings.length) * 100) / 100,
    byScore,
    byLevel: summary.byLevel,
    ...shape,
    ratings: ratings.slice(0, limit).map((r) => ratingView(r, now)),
  };
}

const STATE_ORDER = { overdue: 0, open: 1, answered: 2 } as const;

/** The region's follow-ups for its supervisor and clerks: escalated/overdue first, then by due date. */
export function followUpsView(region: string, ratings: StoredRating[], now: Date) {
  const withFollowUp = ratings.filter((r) => r.followUp);
  const rank = (v: RatingView) => (v.followUp ? STATE_ORDER[v.followUp.state] : 3);
  const views = withFollowUp
    .map((r) => ratingView(r, now))
    .sort(
      (a, b) => rank(a) - rank(b) || (a.followUp?.dueDate ?? '').localeCompare(b.followUp?.dueDate ?? ''),
    );
  return { region, ...satisfactionOf(ratings, now).shape, followUps: views };
}

export const notificationsView = (list: StoredNotification[]): NotificationsView => ({
  notifications: list.map(({ claimId, status, at, zh, en }) => ({ claimId, status, at, zh, en })),
});
