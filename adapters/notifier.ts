import type { StoredNotification } from './claim-store';

/**
 * Delivering a notification to a citizen: an interface handlers depend on. The record itself
 * is kept in the claims table (the citizen's inbox, ClaimStore.putNotification); a notifier
 * pushes it out. Locally it is logged, with the recipient shortened (a citizen is known by the
 * hash of their ID number; the log keeps only its first characters). On AWS it is published to
 * an SNS topic (adapters/notifier-sns.ts), chosen by functions/shared/dependencies.ts.
 */
export interface Notifier {
  notify(notification: StoredNotification): Promise<void>;
}

export interface NotifierLog {
  info(message: string, attributes: Record<string, unknown>): void;
}

/** The recipient as logs may show it: enough to correlate, not enough to look anyone up. */
export const recipientTag = (recipient: string): string => `${recipient.slice(0, 15)}…`;

export function loggingNotifier(log: NotifierLog): Notifier {
  return {
    notify(n) {
      log.info('citizen notified', {
        claimId: n.claimId,
        status: n.status,
        recipient: recipientTag(n.recipient),
        channel: 'log',
      });
      return Promise.resolve();
    },
  };
}

/** For tests: keeps what it was asked to deliver. */
export function recordingNotifier(): Notifier & { readonly sent: StoredNotification[] } {
  const sent: StoredNotification[] = [];
  return {
    sent,
    notify(n) {
      sent.push(n);
      return Promise.resolve();
    },
  };
}
