import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { notificationKey, type StoredNotification } from '../../adapters/claim-store';
import { deps } from '../shared/dependencies';
import { logger, metrics } from '../shared/observability';

/**
 * Delivering citizens' notifications from the outbox (adapters/claims/notification-outbox.ts):
 * the channel first, then the pending item goes. A crash between the two sends the message again
 * with the same idempotency key, which the channel takes once.
 */
export async function deliverNotification(notification: StoredNotification): Promise<void> {
  const key = notificationKey(notification);
  await deps('notifier').notify(notification, key);
  await deps('claims').notificationOutbox.delivered(key);
}

/**
 * Sends what is pending, a page at a time; what fails stays for the next round. Items younger
 * than `graceMs` are left to the move that wrote them, which is delivering them right now:
 * without the grace a drain meeting a fresh item sends it a second time (the gateway would take
 * it once, but each repeat is a message published for nothing; one in eight of a demo's were).
 */
export async function drainNotifications(
  options: { limit?: number; graceMs?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const { limit = 100, graceMs = 10_000 } = options;
  const outcome = { sent: 0, failed: 0 };
  const before = new Date(deps('now')().getTime() - graceMs).toISOString();
  const pending = (await deps('claims').notificationOutbox.pending(limit)).filter(
    (p) => p.enqueuedAt <= before,
  );
  // All at once: the channel takes them in turn, and their removals from the outbox, asked for
  // together, go in one request or a few (the outbox group-commits them).
  await Promise.all(
    pending.map(async ({ notification }) => {
      try {
        await deliverNotification(notification);
        outcome.sent++;
      } catch (error) {
        outcome.failed++;
        logger.warn('a notification could not be delivered; it stays in the outbox', {
          claimId: notification.claimId,
          status: notification.status,
          error: (error as Error).name,
        });
      }
    }),
  );
  if (outcome.failed > 0) metrics.addMetric('NotificationsUndelivered', MetricUnit.Count, outcome.failed);
  return outcome;
}
