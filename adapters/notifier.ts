import type { StoredNotification } from './claim-store';

/**
 * Delivering a notification to a citizen: an interface handlers depend on. The record itself
 * is kept in the claims table (the citizen's inbox, ClaimStore.putNotification); a notifier
 * pushes it out. Locally it is logged, with the recipient shortened (a citizen is known by the
 * hash of their ID number; the log keeps only its first characters). On AWS it is published to
 * an SNS topic (adapters/notifier-sns.ts), chosen by functions/shared/dependencies.ts.
 */
export interface Notifier {
  /**
   * Hands the message to the channel (SMS / app push). `idempotencyKey` names the status move: a
   * channel takes a key once, so a message sent again after a crash reaches the citizen once.
   * Resolves once the channel accepted it; throws if it did not (the outbox sends it again).
   */
  notify(notification: StoredNotification, idempotencyKey: string): Promise<void>;
}

/** The channels a citizen is told through (the province's message gateway delivers both). */
export const NOTIFICATION_CHANNELS = ['sms', 'app_push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NotifierLog {
  info(message: string, attributes: Record<string, unknown>): void;
}

/** The recipient as logs may show it: enough to correlate, not enough to look anyone up. */
export const recipientTag = (recipient: string): string => `${recipient.slice(0, 15)}…`;

export function loggingNotifier(log: NotifierLog): Notifier {
  return {
    notify(n, idempotencyKey) {
      log.info('citizen notified', {
        claimId: n.claimId,
        status: n.status,
        recipient: recipientTag(n.recipient),
        channel: 'log',
        idempotencyKey,
      });
      return Promise.resolve();
    },
  };
}

/**
 * For tests: a channel like the message gateway, which takes each idempotency key once. `sent`
 * is what reached the citizen; `keys` every key it was offered, repeats included (the outbox
 * delivers at least once: a drain may offer a notification its move is delivering right then).
 */
export function recordingNotifier(): Notifier & {
  readonly sent: StoredNotification[];
  readonly keys: string[];
} {
  const sent: StoredNotification[] = [];
  const keys: string[] = [];
  return {
    sent,
    keys,
    notify(n, idempotencyKey) {
      if (!keys.includes(idempotencyKey)) sent.push(n);
      keys.push(idempotencyKey);
      return Promise.resolve();
    },
  };
}
