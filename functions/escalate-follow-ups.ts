import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { stepActor } from '../domain/audit-chain';
import { chinaDate } from '../domain/dates';
import { deps } from './shared/dependencies';
import { logger, metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';

/**
 * EscalateFollowUps, on a schedule (hourly on AWS; every few seconds of the local runtime's
 * clock): every follow-up of a bad rating still unanswered after its due date (China time) is
 * escalated once — flagged on the rating (the supervisor's list and the dashboard show it) with
 * an entry in the claim's history. Answered or already escalated ones are left alone, so a
 * repeated or overlapping run changes nothing more.
 */
export const escalateFollowUps = async (): Promise<{ escalated: number; overdue: number }> => {
  const claims = deps('claims');
  const now = deps('now')();
  const overdue = await claims.citizens.overdueFollowUps(chinaDate(now));
  let escalated = 0;
  for (const open of overdue) {
    if (open.escalatedAt) continue;
    if (await claims.citizens.escalateFollowUp(open, now.toISOString(), stepActor('EscalateFollowUps'))) {
      escalated += 1;
    }
  }
  if (escalated > 0) logger.info('rating follow-ups escalated', { escalated, overdue: overdue.length });
  metrics.addMetric('RatingFollowUpsEscalated', MetricUnit.Count, escalated);
  return { escalated, overdue: overdue.length };
};

export const handler = stepHandler(z.object({}).passthrough(), escalateFollowUps);
