import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { StoredNotification } from './claim-store';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type Notifier } from './notifier';

/**
 * The notifier on AWS: each citizen notification is published to one SNS topic (KMS-encrypted,
 * infra/constructs/notifications.ts). Whatever delivers it to the citizen (an SMS or app-push
 * gateway of the province, subscribed to the topic) finds the person from `recipient`, the hash
 * of their ID number: the number itself never leaves the claims table. `status` and `claimId`
 * are also message attributes, so a subscription can filter on them without reading the body.
 * The topic is standard (not FIFO): a message may arrive twice (the outbox sends again after a
 * crash, SNS delivers at least once), so every message carries its `idempotencyKey` (body and
 * attribute) and the gateway delivers a key once.
 */
export interface SnsNotifierOptions {
  client: SNSClient;
  topicArn: string;
}

/** The message body subscribers receive (JSON), versioned so its shape can change. */
export interface NotificationMessage extends StoredNotification {
  type: 'crossclaim.citizen-notification';
  version: 1;
  /** One status move of one claim: a subscriber delivers a key once (the outbox may send it again). */
  idempotencyKey: string;
  /** Where the province's gateway delivers it. */
  channels: readonly NotificationChannel[];
}

export function snsNotifier({ client, topicArn }: SnsNotifierOptions): Notifier {
  return {
    async notify(n, idempotencyKey) {
      const message: NotificationMessage = {
        type: 'crossclaim.citizen-notification',
        version: 1,
        idempotencyKey,
        channels: NOTIFICATION_CHANNELS,
        claimId: n.claimId,
        recipient: n.recipient,
        status: n.status,
        at: n.at,
        zh: n.zh,
        en: n.en,
      };
      await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(message),
          MessageAttributes: {
            status: { DataType: 'String', StringValue: n.status },
            claimId: { DataType: 'String', StringValue: n.claimId },
            idempotencyKey: { DataType: 'String', StringValue: idempotencyKey },
          },
        }),
      );
    },
  };
}
