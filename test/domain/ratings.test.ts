import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  answerRefusal,
  answeredOnTime,
  followUpFor,
  followUpState,
  RatingsPolicySchema,
  satisfactionSummary,
  scoreOf,
  type RatingFacts,
} from '../../domain/ratings';
import { HolidayCalendarFileSchema, workingCalendar } from '../../domain/working-days';

const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const policy = RatingsPolicySchema.parse(json('policies/ratings/good-bad-review.json'));
const cn = workingCalendar([HolidayCalendarFileSchema.parse(json('policies/calendars/cn-2026.json'))]);

describe('好差评: five levels, follow-ups of bad ratings in working days', () => {
  it('the five levels score 5 to 1', () => {
    expect(
      (
        ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const
      ).map(scoreOf),
    ).toEqual([5, 4, 3, 2, 1]);
  });

  it('不满意 and 非常不满意 open a follow-up; 基本满意 and better do not', () => {
    const at = new Date('2026-03-10T02:00:00Z'); // Tue 10 Mar, China time
    expect(followUpFor(policy, cn, 'basically_satisfied', at)).toBeUndefined();
    expect(followUpFor(policy, cn, 'very_satisfied', at)).toBeUndefined();
    expect(followUpFor(policy, cn, 'dissatisfied', at)).toMatchObject({
      dueDate: '2026-03-17',
      workingDays: 5,
    });
    expect(followUpFor(policy, cn, 'very_dissatisfied', at)?.calendar).toBe('CN');
  });

  it('the due date counts from the rating’s day in China: 23:30 UTC on Sunday is Monday there', () => {
    // 2026-03-08T23:30Z is Monday 9 March 07:30 in China: five working days later is Monday 16 March.
    expect(followUpFor(policy, cn, 'dissatisfied', new Date('2026-03-08T23:30:00Z'))?.dueDate).toBe(
      '2026-03-16',
    );
  });

  it('a bad rating before the Spring Festival is due after it', () => {
    // Thu 12 Feb 2026: 13 Fri, 14 Sat (adjusted), 24 Tue, 25 Wed, 26 Thu.
    expect(followUpFor(policy, cn, 'dissatisfied', new Date('2026-02-12T03:00:00Z'))?.dueDate).toBe(
      '2026-02-26',
    );
  });

  it('open, overdue and answered; on time means by the end of the due day in China', () => {
    const f = followUpFor(policy, cn, 'dissatisfied', new Date('2026-03-10T02:00:00Z'))!;
    expect(followUpState(f, new Date('2026-03-17T15:59:00Z'))).toBe('open'); // 23:59 on the 17th
    expect(followUpState(f, new Date('2026-03-17T16:00:00Z'))).toBe('overdue'); // 00:00 on the 18th
    expect(answeredOnTime(f, new Date('2026-03-17T15:59:00Z'))).toBe(true);
    expect(answeredOnTime(f, new Date('2026-03-17T16:01:00Z'))).toBe(false);
    const answered = {
      ...f,
      answer: { text: '已核实', clerkId: 'c2', at: '2026-03-20T01:00:00Z', onTime: false },
    };
    expect(followUpState(answered, new Date('2026-04-01T00:00:00Z'))).toBe('answered');
  });

  it('the clerk who decided or checked the claim does not answer its complaint', () => {
    expect(answerRefusal(['clerk-a', 'clerk-b'], 'clerk-a')).toMatch(/another clerk/);
    expect(answerRefusal(['clerk-a', 'clerk-b'], 'clerk-b')).toBeDefined();
    expect(answerRefusal(['clerk-a'], 'clerk-c')).toBeUndefined();
    expect(answerRefusal([], 'clerk-c')).toBeUndefined();
  });

  it('the summary: satisfaction counts 基本满意 and better; follow-up and on-time rates', () => {
    const now = new Date('2026-03-30T00:00:00Z');
    const due = (dueDate: string) => ({ openedAt: '', dueDate, workingDays: 5, calendar: 'CN' });
    const ratings: RatingFacts[] = [
      { level: 'very_satisfied' },
      { level: 'basically_satisfied' },
      // answered on time
      {
        level: 'dissatisfied',
        followUp: { ...due('2026-03-17'), answer: { text: 'x', clerkId: 'c', at: '', onTime: true } },
      },
      // answered late
      {
        level: 'very_dissatisfied',
        followUp: { ...due('2026-03-17'), answer: { text: 'x', clerkId: 'c', at: '', onTime: false } },
      },
      // overdue, unanswered
      { level: 'dissatisfied', followUp: due('2026-03-20') },
      // open, not yet due
      { level: 'dissatisfied', followUp: due('2026-04-03') },
    ];
    const s = satisfactionSummary(ratings, now);
    expect(s.count).toBe(6);
    expect(s.satisfaction).toBeCloseTo(2 / 6, 4);
    expect(s.byLevel).toEqual({
      very_satisfied: 1,
      satisfied: 0,
      basically_satisfied: 1,
      dissatisfied: 3,
      very_dissatisfied: 1,
    });
    expect(s.followUps).toEqual({ opened: 4, answered: 2, open: 1, overdue: 1, answeredOnTime: 1 });
    expect(s.followUpRate).toBe(0.5);
    expect(s.onTimeRate).toBeCloseTo(1 / 3, 4); // 1 on time of 2 answered + 1 overdue
    expect(satisfactionSummary([], now)).toMatchObject({
      satisfaction: null,
      followUpRate: null,
      onTimeRate: null,
    });
  });
});
