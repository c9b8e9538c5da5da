import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { logger, metrics, traceHandler } from './shared/observability';
import { ingestEBill } from './services/ebill-ingestion';

/** The Lambda entry point of the hospital e-bill rule's target; the work is in services/ebill-ingestion.ts. */
export const handler = middy(ingestEBill)
  .use(traceHandler())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
