import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AuditOptions, RemovableField, StoredNotification } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import type { ClaimStatus } from '../../domain/claim-status';
import { statusMessage } from '../../domain/notifications';
import { ClaimStatusChanged } from '../../events/claim-events';
import { deps } from '../shared/dependencies';
import { logger, metrics } from '../shared/observability';

type Changes = Parameters<ReturnType<typeof deps<'claims'>>['transition']>[2];

/**
 * A status change as the handlers make it: the conditional write with its history entry
 * (ClaimStore.transition), then, if the status moved, Claim.StatusChanged on the bus and a
 * notification for the citizen (kept in their inbox, delivered by the notifier). The case and
 * its history are the record; the announcement follows it and, if it fails, is logged and
 * counted rather than failing a step whose work is done.
 */
export async function moveClaim(
  claim: ClaimCase,
  to: ClaimStatus,
  changes: Changes = {},
  remove: RemovableField[] = [],
  audit: AuditOptions = {},
): Promise<ClaimCase> {
  const moved = await deps('claims').transition(claim, to, changes, remove, audit);
  if (moved.status !== claim.status) await announceStatusChange(claim, moved);
  return moved;
}

export async function announceStatusChange(before: ClaimCase, after: ClaimCase): Promise<void> {
  const { claimId } = after;
  const at = after.updatedAt;
  const reasonCodes = (after.reasons ?? []).map((r) => r.code);
  try {
    await deps('events').publish([
      ClaimStatusChanged.event({
        claimId,
        from: before.status,
        to: after.status,
        at,
        ...(reasonCodes.length > 0 && { reasonCodes }),
      }),
    ]);
    const message = statusMessage(claimId, after.status);
    if (!message) return;
    const notification: StoredNotification = {
      claimId,
      recipient: after.insured.idNumberHash,
      status: after.status,
      at,
      ...message,
    };
    await deps('claims').putNotification(notification);
    await deps('notifier').notify(notification);
  } catch (error) {
    metrics.addMetric('StatusChangeAnnouncementsFailed', MetricUnit.Count, 1);
    logger.error('a status change could not be announced', {
      claimId,
      to: after.status,
      error: (error as Error).name,
    });
  }
}
