import { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredNotification } from '../../adapters/claim-store';
import { snsNotifier } from '../../adapters/notifier-sns';
import { deps, resetDependencies } from '../../functions/shared/dependencies';
import { FAKE_AWS, fakeHttp } from './aws-fake-http';

const TOPIC = 'arn:aws-cn:sns:cn-north-1:111122223333:crossclaim-citizen-notifications';
const KEY = 'CLM-0001:PAID:2026-11-23T10:00:00.000Z';
const NOTIFICATION: StoredNotification = {
  claimId: 'CLM-0001',
  recipient: `sha256:${'ab'.repeat(32)}`,
  status: 'PAID',
  at: '2026-11-23T10:00:00.000Z',
  zh: '您的报销已支付',
  en: 'Your claim has been paid',
};

describe('snsNotifier', () => {
  it('publishes the notification as JSON to the topic, with status, claimId and the idempotency key as attributes', async () => {
    const http = fakeHttp(() => ({
      statusCode: 200,
      headers: { 'content-type': 'text/xml' },
      body: '<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
    }));
    const client = new SNSClient({ ...FAKE_AWS, requestHandler: http.requestHandler });
    await snsNotifier({ client, topicArn: TOPIC }).notify(NOTIFICATION, KEY);

    expect(http.sent).toHaveLength(1);
    const form = new URLSearchParams(http.sent[0]!.body);
    expect(http.sent[0]!.method).toBe('POST');
    expect(http.sent[0]!.hostname).toBe('sns.cn-north-1.amazonaws.com.cn');
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('TopicArn')).toBe(TOPIC);
    expect(JSON.parse(form.get('Message')!)).toEqual({
      type: 'crossclaim.citizen-notification',
      version: 1,
      idempotencyKey: KEY,
      channels: ['sms', 'app_push'],
      ...NOTIFICATION,
    });
    const attributes = new Map<string, string>();
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
      attributes.set(
        form.get(`MessageAttributes.entry.${i}.Name`)!,
        form.get(`MessageAttributes.entry.${i}.Value.StringValue`)!,
      );
    }
    expect(Object.fromEntries(attributes)).toEqual({
      status: 'PAID',
      claimId: 'CLM-0001',
      idempotencyKey: KEY,
    });
    // The ID number is never in a notification, only its hash.
    expect(http.sent[0]!.body).not.toMatch(/\d{17}[\dX]/);
  });

  it('fails when SNS refuses, so the caller counts an announcement that did not go out', async () => {
    const http = fakeHttp(() => ({
      statusCode: 403,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not allowed</Message></Error></ErrorResponse>',
    }));
    const client = new SNSClient({ ...FAKE_AWS, requestHandler: http.requestHandler });
    await expect(snsNotifier({ client, topicArn: TOPIC }).notify(NOTIFICATION, KEY)).rejects.toMatchObject({
      name: 'AuthorizationErrorException',
    });
  });
});

describe('the notifier chosen by configuration (functions/shared/dependencies.ts)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetDependencies();
  });

  it('publishes to SNS when NOTIFICATION_TOPIC_ARN is set, and only logs without it', async () => {
    vi.stubEnv('NOTIFICATION_TOPIC_ARN', '');
    // The logging notifier only writes a log line, so it succeeds with no endpoint at all.
    await expect(deps('notifier').notify(NOTIFICATION, KEY)).resolves.toBeUndefined();
    resetDependencies();
    vi.stubEnv('NOTIFICATION_TOPIC_ARN', TOPIC);
    vi.stubEnv('AWS_REGION', 'cn-north-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', 'http://127.0.0.1:9');
    // Port 9 (discard) refuses the connection: the SNS notifier tried to publish, the logger would not.
    await expect(deps('notifier').notify(NOTIFICATION, KEY)).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
