import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { deps } from '../shared/dependencies';
import { logger, metrics } from '../shared/observability';
import { ClaimIdSchema } from '../shared/step-inputs';
import { stepActor } from '../../domain/audit-chain';
import { moveClaim } from './claim-moves';
import { failureReason } from '../../domain/failure-reasons';
import { scrubOutsideText } from '../../domain/outside-text';

export const RecordFailureInputSchema = z.strictObject({
  claimId: ClaimIdSchema,
  /** What a Catch puts at ResultPath: the error name and its cause (a message, or JSON of one). */
  error: z.object({ Error: z.string(), Cause: z.string().optional() }),
});
type RecordFailureInput = z.infer<typeof RecordFailureInputSchema>;

/** Causes can be long stack-laden JSON; the case keeps enough to act on. */
const MAX_CAUSE_LENGTH = 1000;

/** The cause kept on the case, with what an outside system may have quoted of a person masked. */
function readableCause(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string')
      return scrubOutsideText(parsed.errorMessage.slice(0, MAX_CAUSE_LENGTH));
  } catch {
    // Not JSON: the cause is the message itself.
  }
  return scrubOutsideText(cause.slice(0, MAX_CAUSE_LENGTH));
}

/**
 * RecordFailure, where every Catch leads: the case is marked FAILED with the error and the
 * status it was in, which puts it in its region's clerk queue. Never a silent end: the workflow
 * goes on to ClerkReview and waits for a person.
 */
export const recordFailure = async ({
  claimId,
  error,
}: RecordFailureInput): Promise<{ recorded: boolean }> => {
  const claims = deps('claims');
  const claim = await claims.find(claimId);
  if (!claim) {
    logger.error('a failure for a claim that does not exist', { claimId, error: error.Error });
    return { recorded: false };
  }
  const now = deps('now')().toISOString();
  const failure = { error: error.Error, cause: readableCause(error.Cause), atStatus: claim.status, at: now };
  const known = failureReason(error.Error, claim.status);
  const changes = { failure, queuedAt: now, ...(known && { reasons: [known] }) };
  await moveClaim(claim, 'FAILED', changes, ['taskToken'], {
    actor: stepActor('RecordFailure'),
  });
  metrics.addMetric('ClaimsFailed', MetricUnit.Count, 1);
  logger.warn('claim step failed; sent to the clerk queue', {
    claimId,
    error: error.Error,
    atStatus: claim.status,
  });
  return { recorded: true };
};
