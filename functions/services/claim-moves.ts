import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Alongside, AuditOptions, RemovableField, StoredNotification } from '../../adapters/claim-store';
import type { ClaimCase } from '../../domain/claim';
import type { ClaimStatus } from '../../domain/claim-status';
import { statusMessage } from '../../domain/notifications';
import { ClaimStatusChanged } from '../../events/claim-events';
import { deps } from '../shared/dependencies';
import { deliverNotification } from './notification-delivery';
import { logger, metrics } from '../shared/observability';

type Changes = Parameters<ReturnType<typeof deps<'claims'>>['transition']>[2];

/**
 * A status change as the handlers make it: the conditional write with its history entry
 * (ClaimStore.transition) and, when the status moves to one the citizen is told of, their
 * notification and its pending delivery in the same transaction (an outbox: no status change
 * without it). Then Claim.StatusChanged on the bus and the delivery through the notifier; one
 * that fails stays pending for the drain (./notification-delivery.ts). The case and its history are the
 * record; the announcement follows it and, if it fails, is logged and counted rather than
 * failing a step whose work is done. `alongside` is what the step writes with its move.
 */
export async function moveClaim(
  claim: ClaimCase,
  to: ClaimStatus,
  changes: Changes = {},
  remove: RemovableField[] = [],
  audit: AuditOptions = {},
  alongside: Alongside = {},
): Promise<ClaimCase> {
  const claims = deps('claims');
  let notification: StoredNotification | undefined;
  const moved = await claims.transition(claim, to, changes, remove, audit, {
    ...alongside,
    items: (next) => {
      notification = next.status === claim.status ? undefined : notificationOf(next);
      return [
        ...(alongside.items?.(next) ?? []),
        // The citizen's inbox and the pending delivery: no status change without its notification.
        ...(notification
          ? [claims.notificationItem(notification), claims.notificationOutbox.item(notification)]
          : []),
      ];
    },
  });
  if (moved.status !== claim.status) await announceStatusChange(claim, moved, notification);
  return moved;
}

/** What the citizen is told of a case now in its status, if anything. */
function notificationOf(after: ClaimCase): StoredNotification | undefined {
  const message = statusMessage(after.claimId, after.status);
  return (
    message && {
      claimId: after.claimId,
      recipient: after.insured.idNumberHash,
      status: after.status,
      at: after.updatedAt,
      ...message,
    }
  );
}

/**
 * Claim.StatusChanged on the bus and the citizen's notification delivered. `stored` is the
 * notification written with the move; without it, the notification is stored here first.
 */
export async function announceStatusChange(
  before: ClaimCase,
  after: ClaimCase,
  stored?: StoredNotification,
): Promise<void> {
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
    const notification = stored ?? notificationOf(after);
    if (!notification) return;
    const claims = deps('claims');
    if (!stored) await claims.putNotification(notification, [claims.notificationOutbox.item(notification)]);
    // Delivered now if the channel takes it; otherwise the outbox's drain sends it later.
    await deliverNotification(notification);
  } catch (error) {
    metrics.addMetric('StatusChangeAnnouncementsFailed', MetricUnit.Count, 1);
    logger.error('a status change could not be announced', {
      claimId,
      to: after.status,
      error: (error as Error).name,
    });
  }
}
