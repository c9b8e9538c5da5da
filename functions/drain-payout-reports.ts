import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { drainPayoutReports } from './home-region/payout-reports';
import { logger, metrics } from './shared/observability';
import { stepHandler } from './shared/step-handler';

/**
 * DrainPayoutReports, on a schedule (and at the local runtime's start): sends the payout
 * reports the home region has not acknowledged yet, e.g. those written while it was down.
 */
export const drainReports = async (): Promise<{ sent: number; failed: number }> => {
  const outcome = await drainPayoutReports();
  if (outcome.sent + outcome.failed > 0) logger.info('payout reports drained', outcome);
  metrics.addMetric('PayoutReportsSent', MetricUnit.Count, outcome.sent);
  metrics.addMetric('PayoutReportsPending', MetricUnit.Count, outcome.failed);
  return outcome;
};

export const handler = stepHandler(z.object({}).passthrough(), drainReports);
