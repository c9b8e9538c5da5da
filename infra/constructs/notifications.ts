import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface NotificationsProps {
  key: kms.IKey;
}

/**
 * The citizen-notification topic: the steps that move a case publish each notification here
 * (adapters/notifier-sns.ts), and whatever delivers them to citizens (the province's SMS or
 * app-push gateway) subscribes. A notification names a claim and its status and carries the
 * hash of an ID number: encrypted with the data key, HTTPS only, publish granted per function
 * (infra/function-access.ts `notifiesCitizens`). Nothing subscribes yet (docs/deploy.md).
 */
export class NotificationsConstruct extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'CitizenNotifications', {
      displayName: 'crossclaim citizen notifications',
      masterKey: props.key,
      enforceSSL: true,
    });
  }
}
