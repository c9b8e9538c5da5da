import { describe, expect, it } from 'vitest';
import type { RegionCaseFacts } from '../../../functions/views/dashboard-view';
import { dashboardView, percentile } from '../../../functions/views/dashboard-view';

const NOW = new Date('2026-06-10T04:00:00Z'); // 12:00 in China

function paidCase(
  id: string,
  createdAt: string,
  seconds: number,
  amountFen: number,
  clerk = false,
): RegionCaseFacts {
  return {
    claimId: id,
    status: 'PAID',
    createdAt,
    updatedAt: createdAt,
    clerkDecided: clerk,
    payout: { amountFen, createdAt: new Date(Date.parse(createdAt) + seconds * 1000).toISOString() },
  };
}

describe('dashboard: the numbers of a region', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 95)).toBe(7);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('counts by status and China-time day, the automatic share, submit→paid, payouts, the queue and ratings', () => {
    const cases: RegionCaseFacts[] = [
      paidCase('C1', '2026-06-10T01:00:00Z', 60, 10_000),
      paidCase('C2', '2026-06-09T17:00:00Z', 120, 20_050), // 01:00 on the 10th in China
      paidCase('C3', '2026-06-09T15:00:00Z', 3600, 5, true), // 23:00 on the 9th in China
      {
        claimId: 'C4',
        status: 'REJECTED',
        createdAt: '2026-06-08T02:00:00Z',
        updatedAt: '2026-06-08T03:00:00Z',
        clerkDecided: true,
      },
      {
        claimId: 'C5',
        status: 'IN_REVIEW',
        createdAt: '2026-06-10T02:00:00Z',
        updatedAt: '2026-06-10T02:00:00Z',
        clerkDecided: false,
      },
      {
        claimId: 'C6',
        status: 'FETCHING',
        createdAt: '2026-05-01T02:00:00Z',
        updatedAt: '2026-05-01T02:00:00Z',
        clerkDecided: false,
      },
    ];
    const view = dashboardView({
      region: '330400',
      now: NOW,
      days: 3,
      cases,
      queue: [
        {
          claimId: 'C5',
          status: 'IN_REVIEW',
          queuedAt: '2026-06-10T02:00:00Z',
          updatedAt: '2026-06-10T02:00:00Z',
        },
        {
          claimId: 'C7',
          status: 'FAILED',
          queuedAt: '2026-06-09T04:00:00Z',
          updatedAt: '2026-06-09T04:00:00Z',
          escalatedAt: '2026-06-10T00:00:00Z',
        },
      ],
      ratings: [
        // One recorded before the levels (score only), one 不满意 answered on time, one overdue.
        { claimId: 'C1', region: '330400', score: 5, at: '2026-06-10T02:00:00Z' },
        {
          claimId: 'C2',
          region: '330400',
          score: 2,
          level: 'dissatisfied',
          at: '2026-06-01T02:00:00Z',
          followUp: {
            openedAt: '2026-06-01T02:00:00Z',
            dueDate: '2026-06-08',
            workingDays: 5,
            calendar: 'CN',
            answer: { text: '已回访', clerkId: 'c2', at: '2026-06-05T02:00:00Z', onTime: true },
          },
        },
        {
          claimId: 'C3',
          region: '330400',
          score: 1,
          level: 'very_dissatisfied',
          at: '2026-06-02T02:00:00Z',
          followUp: {
            openedAt: '2026-06-02T02:00:00Z',
            dueDate: '2026-06-09',
            workingDays: 5,
            calendar: 'CN',
          },
        },
      ],
    });
    expect(view.total).toBe(6);
    expect(view.byStatus).toMatchObject({ PAID: 3, REJECTED: 1, IN_REVIEW: 1, FETCHING: 1, FAILED: 0 });
    expect(view.perDay.map((d) => [d.date, d.submitted])).toEqual([
      ['2026-06-08', 1],
      ['2026-06-09', 1],
      ['2026-06-10', 3],
    ]);
    expect(view.perDay[2]!.byStatus).toMatchObject({ PAID: 2, IN_REVIEW: 1 });
    expect(view.decided).toEqual({ closed: 4, automatic: 2, automaticShare: 0.5 });
    expect(view.submitToPaid).toEqual({ count: 3, p50Seconds: 120, p95Seconds: 3600 });
    expect(view.payouts).toEqual({ count: 3, totalFen: 30_055 });
    expect(view.queue).toEqual({
      inReview: 1,
      failed: 1,
      size: 2,
      oldestQueuedAt: '2026-06-09T04:00:00Z',
      oldestAgeSeconds: 86_400,
      slaBreaches: 1,
    });
    expect(view.ratings).toEqual({
      count: 3,
      averageScore: 2.67,
      satisfaction: 0.3333, // 非常满意 of three
      followUpRate: 0.5, // one of two answered
      onTimeRate: 0.5, // the answer on time; the other past its due date (9 June) on 10 June
      followUps: { opened: 2, answered: 1, overdue: 1 },
    });
  });

  it('has nothing to divide by when nothing is closed', () => {
    const view = dashboardView({ region: '330400', now: NOW, days: 1, cases: [], queue: [], ratings: [] });
    expect(view.decided.automaticShare).toBeNull();
    expect(view.submitToPaid).toEqual({ count: 0, p50Seconds: null, p95Seconds: null });
    expect(view.queue.oldestAgeSeconds).toBeNull();
    expect(view.ratings.averageScore).toBeNull();
  });
});
