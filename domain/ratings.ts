import { z } from 'zod';
import { chinaDate } from './dates';
import { LEVEL_NAMES, RATING_LEVELS, type RatingLevel } from './rating-levels';
import { HolidayCalendarFileSchema, workingCalendar, type WorkingCalendar } from './working-days';

/**
 * 好差评 as the national practice runs it (国办发〔2019〕51号): a citizen rates a closed case at
 * one of five named levels, overall and on each of the policy's sub-scores; a bad rating
 * (不满意 / 非常不满意) opens a follow-up that a clerk of the region must answer within the
 * policy's working days, counted in the region's holiday calendar. Pure: the policy and the
 * calendar are data, the clock is passed in.
 */

export { LEVEL_NAMES, RATING_LEVELS, type RatingLevel } from './rating-levels';
export const RatingLevelSchema = z.enum(RATING_LEVELS);

export const scoreOf = (level: RatingLevel): number => LEVEL_NAMES[level].score;

/** The level of a 1–5 score (ratings recorded before the levels kept only the score). */
export const levelOfScore = (score: number): RatingLevel =>
  RATING_LEVELS.find((l) => LEVEL_NAMES[l].score === score) ?? 'basically_satisfied';

/** 满意率 counts 基本满意 and better as satisfied, as the national practice reports it. */
export const isSatisfied = (level: RatingLevel): boolean => scoreOf(level) >= 3;

export const RatingsPolicySchema = z.strictObject({
  id: z.string().min(1),
  version: z.number().int().min(1),
  source: z.string().min(1),
  /** What people rate besides the whole: 办事效率, 服务态度, 办理结果 … (codes are the request's keys). */
  subScores: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z_]{2,30}$/),
        zh: z.string().min(1),
        en: z.string().min(1),
      }),
    )
    .min(1)
    .max(8),
  followUp: z.strictObject({
    /** The levels that open a follow-up. */
    levels: z.array(RatingLevelSchema).min(1),
    /** Working days to answer, after the day of the rating. */
    workingDays: z.number().int().min(1).max(60),
    /** Which holiday calendar counts a region's working days (`default` for the rest). */
    calendarByRegion: z.record(z.string(), z.string()).refine((m) => 'default' in m, 'needs a default'),
  }),
});
export type RatingsPolicy = z.infer<typeof RatingsPolicySchema>;

export const calendarOfRegion = (policy: RatingsPolicy, region: string): string =>
  policy.followUp.calendarByRegion[region] ?? policy.followUp.calendarByRegion.default ?? 'CN';

/** A follow-up of a bad rating: when it is due, and the clerk's answer once given. */
export interface FollowUp {
  openedAt: string;
  /** The last day (China time) to answer on time: `workingDays` working days after the rating's day. */
  dueDate: string;
  workingDays: number;
  calendar: string;
  /** Set once by the scheduled check when the due date passed without an answer. */
  escalatedAt?: string;
  answer?: FollowUpAnswer;
}
export interface FollowUpAnswer {
  text: string;
  clerkId: string;
  at: string;
  onTime: boolean;
}

/** The follow-up a rating opens, or undefined when its level does not open one. */
export function followUpFor(
  policy: RatingsPolicy,
  calendar: WorkingCalendar,
  level: RatingLevel,
  ratedAt: Date,
): FollowUp | undefined {
  if (!policy.followUp.levels.includes(level)) return undefined;
  const workingDays = policy.followUp.workingDays;
  return {
    openedAt: ratedAt.toISOString(),
    dueDate: calendar.addWorkingDays(chinaDate(ratedAt), workingDays),
    workingDays,
    calendar: calendar.calendar,
  };
}

/** Past its due date (China time) without an answer. */
export const isOverdue = (followUp: FollowUp, now: Date): boolean =>
  followUp.answer === undefined && chinaDate(now) > followUp.dueDate;

export const answeredOnTime = (followUp: Pick<FollowUp, 'dueDate'>, answeredAt: Date): boolean =>
  chinaDate(answeredAt) <= followUp.dueDate;

export type FollowUpState = 'open' | 'overdue' | 'answered';
export const followUpState = (followUp: FollowUp, now: Date): FollowUpState =>
  followUp.answer ? 'answered' : isOverdue(followUp, now) ? 'overdue' : 'open';

/**
 * Who may answer a follow-up. A clerk of the claim's region, but not one who decided or checked
 * the claim: a bad rating is most often about that decision, and the national practice asks for
 * the complaint to be checked by someone other than the one complained about (专人回访核实).
 * A claim no clerk touched (paid straight through) may be answered by any clerk of the region.
 */
export function answerRefusal(decidedBy: readonly string[], clerkId: string): string | undefined {
  return decidedBy.includes(clerkId)
    ? 'the clerk who decided or checked the claim does not answer its complaint; another clerk of the region does'
    : undefined;
}

export interface RatingFacts {
  level: RatingLevel;
  followUp?: FollowUp;
}

export interface SatisfactionSummary {
  count: number;
  /** Share of ratings at 基本满意 or better (满意率), 0–1; null without ratings. */
  satisfaction: number | null;
  byLevel: Record<RatingLevel, number>;
  followUps: { opened: number; answered: number; open: number; overdue: number; answeredOnTime: number };
  /** Share of follow-ups opened that were answered (回访率); null when none was opened. */
  followUpRate: number | null;
  /** Share of follow-ups whose outcome is known (answered, or past due) answered by the due date; null when none is. */
  onTimeRate: number | null;
}

const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

export function satisfactionSummary(ratings: readonly RatingFacts[], now: Date): SatisfactionSummary {
  const byLevel = Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>;
  const f = { opened: 0, answered: 0, open: 0, overdue: 0, answeredOnTime: 0 };
  let satisfied = 0;
  for (const r of ratings) {
    byLevel[r.level] += 1;
    if (isSatisfied(r.level)) satisfied += 1;
    if (!r.followUp) continue;
    f.opened += 1;
    const state = followUpState(r.followUp, now);
    if (state === 'answered') {
      f.answered += 1;
      if (r.followUp.answer?.onTime) f.answeredOnTime += 1;
    } else if (state === 'overdue') f.overdue += 1;
    else f.open += 1;
  }
  return {
    count: ratings.length,
    satisfaction: share(satisfied, ratings.length),
    byLevel,
    followUps: f,
    followUpRate: share(f.answered, f.opened),
    onTimeRate: share(f.answeredOnTime, f.answered + f.overdue),
  };
}

/** The ratings policy with its holiday calendars, validated and compiled once. */
export interface RatingRules {
  policy: RatingsPolicy;
  calendarOf(region: string): WorkingCalendar;
}

export function ratingRules(policyFile: unknown, calendarFiles: readonly unknown[]): RatingRules {
  const policy = RatingsPolicySchema.parse(policyFile);
  const files = calendarFiles.map((f) => HolidayCalendarFileSchema.parse(f));
  const calendars = new Map<string, WorkingCalendar>();
  for (const name of new Set(files.map((f) => f.calendar))) {
    calendars.set(name, workingCalendar(files.filter((f) => f.calendar === name)));
  }
  for (const name of Object.values(policy.followUp.calendarByRegion)) {
    if (!calendars.has(name)) throw new Error(`the ratings policy names calendar ${name}, which has no file`);
  }
  return {
    policy,
    calendarOf(region) {
      const name = calendarOfRegion(policy, region);
      const calendar = calendars.get(name);
      if (!calendar) throw new Error(`no holiday calendar ${name}`);
      return calendar;
    },
  };
}

/** The sub-scores a rating must carry: every one of the policy's, and no other (field paths for a 400). */
export function subScoreIssues(
  policy: RatingsPolicy,
  subScores: Record<string, RatingLevel>,
): { path: string; message: string }[] {
  const known = new Set(policy.subScores.map((s) => s.code));
  return [
    ...policy.subScores
      .filter((s) => !(s.code in subScores))
      .map((s) => ({ path: `subScores.${s.code}`, message: `required: a level for ${s.zh} (${s.en})` })),
    ...Object.keys(subScores)
      .filter((code) => !known.has(code))
      .map((code) => ({ path: `subScores.${code}`, message: `not a sub-score of the ratings policy` })),
  ];
}
