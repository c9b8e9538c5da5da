import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { drainNotifications } from './services/notification-delivery';
import { logger, metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';

/**
 * DrainNotifications, on a schedule (and at the local runtime's start and every few seconds):
 * sends the citizens' notifications the channel has not taken yet (it was down, or the process
 * that moved the case crashed before delivering), each with its idempotency key.
 */
export const drainPendingNotifications = async (): Promise<{ sent: number; failed: number }> => {
  const outcome = await drainNotifications();
  if (outcome.sent + outcome.failed > 0) logger.info('notifications drained', outcome);
  metrics.addMetric('NotificationsSentByDrain', MetricUnit.Count, outcome.sent);
  return outcome;
};

export const handler = stepHandler(z.object({}).passthrough(), drainPendingNotifications);
